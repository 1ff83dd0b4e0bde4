/**
 * The row shape of each row command, shared by the JSON, NDJSON and CSV reporters so that the
 * three formats always agree. `hosts` objects carry at least the fields of the contract.
 */
import type { HostRow } from "../aggregate/host-row.js";
import type { CommandName } from "./renderer.js";

export type RowObject = Record<string, unknown>;

/** --group-by: the row's group comes first. */
function groupOf(r: HostRow): RowObject {
  return r.group === undefined ? {} : { group: r.group };
}

export function hostObject(r: HostRow): RowObject {
  return {
    ...groupOf(r),
    ip: r.ip,
    hostname: r.hostname,
    status: r.status,
    rawStatus: r.rawStatus,
    category: r.category,
    responsible: r.responsible,
    action: r.action,
    securityRisk: r.securityRisk,
    source: r.source,
    line: r.line,
    detail: r.detail,
    os: r.os,
    recognized: r.recognized,
    evidence: r.evidence,
    confirmed: r.findings?.confirmed ?? null,
    potential: r.findings?.potential ?? null,
    info: r.findings?.info ?? null,
    duplicates: r.duplicates,
    decidedBy: r.decidedBy,
    ...(r.extra ? { extra: r.extra } : {}),
    ...(r.accepted ? { accepted: r.accepted } : {}),
  };
}

export function authObject(r: HostRow): RowObject {
  return { ...groupOf(r), ip: r.ip, hostname: r.hostname, status: r.status, detail: r.detail, action: r.action, source: r.source, line: r.line };
}

export function riskObject(r: HostRow): RowObject {
  const f = r.findings;
  return {
    ...groupOf(r),
    ip: r.ip,
    hostname: r.hostname,
    status: r.status,
    securityRisk: r.securityRisk,
    confirmed: f?.confirmed ?? 0,
    potential: f?.potential ?? 0,
    info: f?.info ?? 0,
    confirmedBySeverity: f ? [...f.bySeverity.confirmed] : [0, 0, 0, 0, 0],
    potentialBySeverity: f ? [...f.bySeverity.potential] : [0, 0, 0, 0, 0],
    infoBySeverity: f ? [...f.bySeverity.info] : [0, 0, 0, 0, 0],
    source: r.source,
  };
}

export const ROW_OBJECT: Readonly<Record<Exclude<CommandName, "summarize">, (r: HostRow) => RowObject>> = {
  hosts: hostObject,
  auth: authObject,
  risk: riskObject,
};
