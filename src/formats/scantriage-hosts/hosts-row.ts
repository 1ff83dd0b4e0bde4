/**
 * One line of `hosts --format ndjson` output, read back: the fields that decide how the row merges
 * with other inputs (see docs/fleets.md), checked. The derived fields (status, category, action,
 * risk, the counts' totals) are not read: the reducer classifies and computes them itself, with its
 * own status map. A field missing altogether means the line was not written by this version of the
 * tool (an error for the whole file); a field present with a wrong value spoils that line only.
 */
import { parseIsoTime } from "../../lib/iso-time.js";
import { DETECTED_OS, DETECTED_TCP, DETECTED_UDP, type DetectedService, type Evidence, type HostDetected, type MergeKey } from "../../model/observation.js";
import { VULN_STATUSES, type FindingCounts, type VulnStatusCounts } from "../../model/findings.js";
import { parseIp, type ParsedIp } from "../../net/ip.js";
import { MAX_OSES_PER_HOST, MAX_SERVICES_PER_HOST } from "../qualys-xml/host-detection.js";

export type JsonObject = Readonly<Record<string, unknown>>;

/** A field that a row of this version always has is not there. */
export class MissingField extends Error {
  constructor(readonly field: string) {
    super(`no "${field}"`);
  }
}

/** A field holds something a row never holds. */
export class BadValue extends Error {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {
    super(`"${field}" is ${why}`);
  }
}

/** What the row says, by kind: a host of its own, one address of an inferred range, or a hostname target. */
export type HostsRow =
  | {
      readonly kind: "host";
      readonly address: ParsedIp | null;
      readonly hostname: string | null;
      readonly common: Common;
      readonly os: string | null;
      readonly detected: HostDetected | undefined;
      readonly findings: FindingCounts | undefined;
      readonly hostnameFrom: MergeKey | undefined;
      readonly findingsFrom: MergeKey | undefined;
      readonly otherHostnames: readonly string[] | undefined;
      readonly extra: Record<string, string> | undefined;
    }
  | { readonly kind: "inferred"; readonly address: ParsedIp; readonly common: Common; readonly priority: number }
  | { readonly kind: "target"; readonly hostname: string; readonly common: Common; readonly priority: number };

/** What every kind has. */
export interface Common {
  readonly rawStatus: string;
  readonly detail: string | null;
  readonly time: number | null;
  readonly source: string;
  readonly line: number;
  readonly run: RunFacts;
}

/** What the map run said as a whole (the same on each of its rows): see aggregate/host-row.ts. */
export interface RunFacts {
  readonly findingsInput: boolean;
  readonly vulnStatuses: VulnStatusCounts | null;
}

/** The keys that make an object a hosts row at all (detection and the "not a row" test). */
export function looksLikeHostsRow(v: JsonObject): boolean {
  return has(v, "ip") && has(v, "rawStatus") && has(v, "evidence");
}

/** Other hostnames a row may list: more is hostile (the aggregate keeps as many). */
const MAX_OTHER_HOSTNAMES = 32;
const LEVELS = 5;
const QID_BITS: Readonly<Record<number, number>> = { 45017: DETECTED_OS, 82023: DETECTED_TCP, 82004: DETECTED_UDP };

const has = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function need(o: JsonObject, key: string): unknown {
  if (!has(o, key)) throw new MissingField(key);
  return o[key];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(v: unknown, field: string): string {
  if (typeof v !== "string") throw new BadValue(field, "not text");
  return v;
}

function textOrNull(v: unknown, field: string): string | null {
  return v === null || v === undefined ? null : text(v, field);
}

function time(v: unknown, field: string): number | null {
  if (v === null) return null;
  const ms = typeof v === "string" ? parseIsoTime(v) : null;
  if (ms === null) throw new BadValue(field, "not an ISO 8601 time (like 2024-05-01T12:00:00.000Z) or null");
  return ms;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new BadValue(field, `not a whole number from ${min} to ${max}`);
  return v;
}

function evidence(v: unknown, field: string): Evidence {
  if (v !== "direct" && v !== "inferred") throw new BadValue(field, 'neither "direct" nor "inferred"');
  return v;
}

function list(v: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new BadValue(field, "not a list");
  return v;
}

function levels(v: unknown, field: string): number[] | null {
  if (v === null) return null;
  const counts = list(v, field);
  if (counts.length !== LEVELS) throw new BadValue(field, "not 5 counts (severity 1 to 5)");
  return counts.map((n) => integer(n, field, 0, Number.MAX_SAFE_INTEGER));
}

function findings(o: JsonObject): FindingCounts | undefined {
  const confirmed = levels(need(o, "confirmedBySeverity"), "confirmedBySeverity");
  const potential = levels(need(o, "potentialBySeverity"), "potentialBySeverity");
  const info = levels(need(o, "infoBySeverity"), "infoBySeverity");
  if (confirmed === null && potential === null && info === null) return undefined;
  if (confirmed === null || potential === null || info === null) throw new BadValue("confirmedBySeverity", "given for some kinds of finding but not all");
  return { confirmed, potential, info };
}

function service(v: unknown): DetectedService {
  if (!isObject(v)) throw new BadValue("detected.services", "not a list of { port, protocol, service }");
  const protocol = v.protocol;
  if (protocol !== "tcp" && protocol !== "udp") throw new BadValue("detected.services", 'a list with a protocol other than "tcp" or "udp"');
  return { port: integer(v.port, "detected.services", 0, 65535), protocol, service: text(v.service, "detected.services") };
}

function detected(v: unknown): HostDetected | undefined {
  if (v === null) return undefined;
  if (!isObject(v)) throw new BadValue("detected", "not an object or null");
  let qids = 0;
  for (const qid of list(v.qids ?? [], "detected.qids")) {
    const bit = typeof qid === "number" ? QID_BITS[qid] : undefined;
    if (bit === undefined) throw new BadValue("detected.qids", "a list with a QID other than 45017, 82023 and 82004");
    qids |= bit;
  }
  const oses = list(v.oses ?? [], "detected.oses").map((os) => text(os, "detected.oses")).slice(0, MAX_OSES_PER_HOST);
  const services = list(v.services ?? [], "detected.services").slice(0, MAX_SERVICES_PER_HOST).map(service);
  return qids === 0 && oses.length === 0 && services.length === 0 ? undefined : { qids, oses, services };
}

function mergeKey(v: unknown, field: string): MergeKey | undefined {
  if (v === null || v === undefined) return undefined;
  if (!isObject(v)) throw new BadValue(field, "not an object or null");
  return { evidence: evidence(v.evidence, `${field}.evidence`), time: time(v.time ?? null, `${field}.time`) };
}

function otherHostnames(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const names = list(v, "otherHostnames")
    .slice(0, MAX_OTHER_HOSTNAMES)
    .map((n) => text(n, "otherHostnames"))
    .filter((n) => n !== "");
  return names.length > 0 ? names : undefined;
}

/** Columns of the scan log the reader did not know: an object of texts (kept without a prototype). */
function extra(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new BadValue("extra", "not an object");
  const copy = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(v)) copy[key] = text(v[key], "extra");
  return copy;
}

function runFacts(v: unknown): RunFacts {
  if (!isObject(v)) throw new BadValue("run", "not an object");
  if (typeof v.findingsInput !== "boolean") throw new BadValue("run.findingsInput", "not true or false");
  const stated = v.vulnStatuses ?? null;
  if (stated === null) return { findingsInput: v.findingsInput, vulnStatuses: null };
  if (!isObject(stated)) throw new BadValue("run.vulnStatuses", "not an object or null");
  const counts = Object.fromEntries(VULN_STATUSES.map((s) => [s, integer(stated[s], `run.vulnStatuses.${s}`, 0, Number.MAX_SAFE_INTEGER)]));
  return { findingsInput: v.findingsInput, vulnStatuses: counts as VulnStatusCounts };
}

function priority(o: JsonObject): number {
  const v = need(o, "priority");
  if (typeof v !== "number" || !Number.isFinite(v)) throw new BadValue("priority", "not a number (an inferred row has one)");
  return v;
}

/**
 * The row's meaning. `details`: keep the texts only `hosts` prints (OS, extra columns). Throws
 * MissingField or BadValue.
 */
export function readHostsRow(o: JsonObject, details: boolean): HostsRow {
  const ip = need(o, "ip");
  const hostname = textOrNull(need(o, "hostname"), "hostname");
  const common: Common = {
    rawStatus: text(need(o, "rawStatus"), "rawStatus"),
    detail: textOrNull(o.detail, "detail"),
    time: time(need(o, "time"), "time"),
    source: text(need(o, "source"), "source"),
    line: integer(need(o, "line"), "line", 0, 0xffffffff),
    run: runFacts(need(o, "run")),
  };
  const kind = evidence(need(o, "evidence"), "evidence");
  let address: ParsedIp | null = null;
  if (ip !== null) {
    address = parseIp(text(ip, "ip"));
    if (address === null) throw new BadValue("ip", "not an IP address");
  }
  if (kind === "inferred") {
    if (address !== null) return { kind: "inferred", address, common, priority: priority(o) };
    if (hostname === null || hostname === "") throw new BadValue("hostname", "empty on a row without an IP");
    return { kind: "target", hostname, common, priority: priority(o) };
  }
  if (address === null && (hostname === null || hostname === "")) throw new BadValue("hostname", "empty on a row without an IP");
  need(o, "priority");
  return {
    kind: "host",
    address,
    hostname,
    common,
    os: details ? textOrNull(o.os, "os") : null,
    detected: detected(need(o, "detected")),
    findings: findings(o),
    hostnameFrom: mergeKey(o.hostnameFrom, "hostnameFrom"),
    findingsFrom: mergeKey(o.findingsFrom, "findingsFrom"),
    otherHostnames: otherHostnames(o.otherHostnames),
    extra: details ? extra(o.extra) : undefined,
  };
}
