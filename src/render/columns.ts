/**
 * The row shape of each row command, shared by the JSON, NDJSON and CSV reporters so that the
 * three formats always agree. `hosts` objects carry at least the fields of the contract.
 */
import type { HostRow } from "../aggregate/host-row.js";
import type { CommandName } from "./renderer.js";
import { formatIsoTime } from "../lib/iso-time.js";
import { DETECTED_OS, DETECTED_TCP, DETECTED_UDP, type MergeKey } from "../model/observation.js";
import { OS_QID } from "../formats/qualys-xml/coverage-warnings.js";

export type RowObject = Record<string, unknown>;

/** --group-by: the row's group comes first. */
function groupOf(r: HostRow): RowObject {
  return r.group === undefined ? {} : { group: r.group };
}

const DETECTED_QIDS = [
  [DETECTED_OS, OS_QID],
  [DETECTED_TCP, 82023],
  [DETECTED_UDP, 82004],
] as const;

function mergeKeyObject(key: MergeKey | null): RowObject | null {
  return key === null ? null : { evidence: key.evidence, time: formatIsoTime(key.time) };
}

/**
 * What merging needs beyond the contract's fields, so that `hosts --format ndjson` output read
 * back (the scantriage-hosts format, a map/reduce part) merges as the observations behind it did.
 */
function mergeFields(r: HostRow): RowObject {
  const levels = r.findings?.bySeverity;
  const d = r.detected;
  return {
    time: formatIsoTime(r.time),
    priority: r.priority,
    confirmedBySeverity: levels ? [...levels.confirmed] : null,
    potentialBySeverity: levels ? [...levels.potential] : null,
    infoBySeverity: levels ? [...levels.info] : null,
    detected: d
      ? {
          qids: DETECTED_QIDS.filter(([bit]) => (d.qids & bit) !== 0).map(([, qid]) => qid),
          oses: [...d.oses],
          services: d.services.map((s) => ({ port: s.port, protocol: s.protocol, service: s.service })),
        }
      : null,
    hostnameFrom: mergeKeyObject(r.hostnameFrom),
    findingsFrom: mergeKeyObject(r.findingsFrom),
    otherHostnames: [...r.otherHostnames],
    run: { findingsInput: r.run.findingsInput, vulnStatuses: r.run.vulnStatuses ? { ...r.run.vulnStatuses } : null },
  };
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
    ...mergeFields(r),
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
