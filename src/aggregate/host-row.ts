/**
 * The flat per-IP view that `hosts`, `auth` and `risk` print. Rows come from explicit records and
 * from inferred segments, merged in address order and produced lazily: a /8 target yields 16.7
 * million rows one at a time, never as an array.
 */
import type { Acceptance } from "../accept/accept-list.js";
import { formatIp } from "../net/ip.js";
import type { Category, Responsible } from "../taxonomy/statuses.js";
import type { HostRecord } from "./host-record.js";
import { hostRiskTenths, tenthsToNumber, type RiskMethod } from "./risk.js";
import type { ResolvedSegment, Triage } from "./triage.js";
import { totalOf, VULN_STATUSES, type VulnStatusCounts } from "../model/findings.js";
import type { HostDetected, MergeKey } from "../model/observation.js";
import { carriesFindings } from "./input-report.js";

/**
 * What the run says as a whole that a summary reads from its inputs: repeated on every row of
 * `hosts`, so that each map/reduce part carries it (a part read back says it of itself).
 */
export interface RunFacts {
  /** Some input carries vulnerability findings (a Qualys export, not only scan logs). */
  readonly findingsInput: boolean;
  /** Findings by the vulnerability status the inputs state (summed); null when none states one. */
  readonly vulnStatuses: VulnStatusCounts | null;
}

/** One answer per triage, asked once per row. */
const runFacts = new WeakMap<Triage, RunFacts>();
function runFactsOf(triage: Triage): RunFacts {
  let known = runFacts.get(triage);
  if (known === undefined) {
    const stated = triage.inputs.flatMap((i) => (i.vulnStatuses ? [i.vulnStatuses] : []));
    const total = Object.fromEntries(VULN_STATUSES.map((s) => [s, stated.reduce((n, counts) => n + counts[s], 0)])) as VulnStatusCounts;
    known = { findingsInput: triage.inputs.some(carriesFindings), vulnStatuses: stated.length > 0 ? total : null };
    runFacts.set(triage, known);
  }
  return known;
}

export interface HostRow {
  readonly ip: string | null;
  readonly hostname: string | null;
  readonly status: string;
  readonly rawStatus: string;
  readonly category: Category;
  readonly responsible: Responsible;
  readonly action: string;
  readonly recognized: boolean;
  readonly securityRisk: number | null;
  readonly source: string;
  readonly line: number;
  readonly detail: string | null;
  readonly os: string | null;
  readonly evidence: "direct" | "inferred";
  /** Confirmed / potential / information-gathered finding counts (null without Qualys findings). */
  readonly findings: { confirmed: number; potential: number; info: number; bySeverity: FindingLevels } | null;
  /** Other observations of this IP that lost to this one. */
  readonly duplicates: number;
  readonly decidedBy: string;
  readonly extra: Readonly<Record<string, string>> | null;
  /** Set when the accept list names this IP: it keeps its status but is left out of the gates. */
  readonly accepted: Acceptance | null;
  /** --group-by: the group of the row (absent without it). */
  readonly group?: string;
  /**
   * What merging needs to merge this row again as it merged the observations behind it (a
   * map/reduce part is read back from these; see docs/fleets.md). `time`: of the observation that
   * decided the status (ms since the epoch).
   */
  readonly time: number | null;
  /** Inferred rows: the precedence of the range or target among inferred observations; null for direct rows. */
  readonly priority: number | null;
  /** What QIDs 45017 and 82023 / 82004 said of the IP, over all its observations; null when it has none of them. */
  readonly detected: HostDetected | null;
  /** The rank of the observation the hostname came from, when it is not the one that decided the status. */
  readonly hostnameFrom: MergeKey | null;
  /** Likewise for the finding counts. */
  readonly findingsFrom: MergeKey | null;
  /** Other hostnames the IP was seen with. */
  readonly otherHostnames: readonly string[];
  /** What the run of the row says as a whole (the same on every row). */
  readonly run: RunFacts;
}

export interface FindingLevels {
  readonly confirmed: readonly number[];
  readonly potential: readonly number[];
  readonly info: readonly number[];
}

export function recordToRow(r: HostRecord, triage: Triage, method: RiskMethod): HostRow {
  const f = r.findings;
  return {
    ip: r.ip,
    hostname: r.hostname,
    status: r.verdict.status,
    rawStatus: r.rawStatus,
    category: r.verdict.category,
    responsible: r.verdict.responsible,
    action: r.verdict.action,
    recognized: r.verdict.recognized,
    securityRisk: f ? tenthsToNumber(hostRiskTenths(f, method)) : null,
    source: r.source ?? triage.inputs[r.input]?.path ?? "",
    line: r.line,
    detail: r.detail,
    os: r.os,
    evidence: r.evidence,
    findings: f
      ? { confirmed: totalOf(f.confirmed), potential: totalOf(f.potential), info: totalOf(f.info), bySeverity: f }
      : null,
    duplicates: r.collapsed,
    decidedBy: r.decidedBy,
    extra: r.extra,
    accepted: triage.accept?.match(r.family, r.value, r.hostname, r.verdict.status) ?? null,
    time: r.time,
    priority: r.priority ?? null,
    detected: triage.detected.detected(triage.records.slotOf(r), null) ?? null,
    hostnameFrom: r.hostnameFrom ?? null,
    findingsFrom: r.findingsFrom ?? null,
    otherHostnames: r.otherHostnames ?? [],
    run: runFactsOf(triage),
  };
}

function segmentRow(s: ResolvedSegment, value: bigint, triage: Triage): HostRow {
  return {
    ip: formatIp(s.family, value),
    hostname: null,
    status: s.verdict.status,
    rawStatus: s.owner.rawStatus,
    category: s.verdict.category,
    responsible: s.verdict.responsible,
    action: s.verdict.action,
    recognized: s.verdict.recognized,
    securityRisk: null,
    source: s.owner.source ?? triage.inputs[s.owner.input]?.path ?? "",
    line: s.owner.line,
    detail: s.owner.detail,
    os: null,
    evidence: "inferred",
    findings: null,
    duplicates: 0,
    decidedBy: "only",
    extra: null,
    accepted: triage.accept?.match(s.family, value, null, s.verdict.status) ?? null,
    time: s.owner.time,
    priority: s.owner.priority,
    detected: null,
    hostnameFrom: null,
    findingsFrom: null,
    otherHostnames: [],
    run: runFactsOf(triage),
  };
}

function before(r: HostRecord, family: 4 | 6, value: bigint): boolean {
  const rf = r.family ?? 9;
  return rf < family || (rf === family && (r.value as bigint) < value);
}

/** Every IP's row in address order (hostname-only rows last). */
export function* iterateRows(triage: Triage, method: RiskMethod): Generator<HostRow> {
  const { records, segments } = triage;
  let ri = 0;
  for (const s of segments) {
    for (let v = s.start; v <= s.end; v++) {
      let r = records.at(ri);
      while (r && before(r, s.family, v)) {
        yield recordToRow(r, triage, method);
        r = records.at(++ri);
      }
      if (r && r.family === s.family && r.value === v) continue; // decided by the explicit record
      yield segmentRow(s, v, triage);
    }
  }
  for (let r = records.at(ri); r; r = records.at(++ri)) yield recordToRow(r, triage, method);
}

/** A block of consecutive addresses of one segment with no explicit record inside (table output). */
export interface RowBlock {
  readonly first: HostRow;
  readonly lastIp: string;
  readonly count: number;
}

/**
 * Rows for people: explicit records one per line, and each stretch of an inferred segment as one
 * block ("10.0.0.2 - 10.0.0.255, 254 IPs"), so a /16 target does not print 65,536 lines.
 */
export function* iterateRowBlocks(triage: Triage, method: RiskMethod): Generator<RowBlock> {
  const { records, segments } = triage;
  let ri = 0;
  for (const s of segments) {
    let v = s.start;
    while (v <= s.end) {
      let r = records.at(ri);
      while (r && before(r, s.family, v)) {
        yield { first: recordToRow(r, triage, method), lastIp: "", count: 1 };
        r = records.at(++ri);
      }
      if (r && r.family === s.family && r.value === v) {
        v++;
        continue;
      }
      // The block runs to the next explicit record inside the segment, or the segment's end.
      let end = s.end;
      if (r && r.family === s.family && (r.value as bigint) <= s.end) end = (r.value as bigint) - 1n;
      // An accept entry covering part of the stretch starts or ends a block.
      const split = triage.accept?.splitPoints(s.family, v, end, s.verdict.status)[0];
      if (split !== undefined) end = split - 1n;
      yield { first: segmentRow(s, v, triage), lastIp: formatIp(s.family, end), count: Number(end - v + 1n) };
      v = end + 1n;
    }
  }
  for (let r = records.at(ri); r; r = records.at(++ri)) yield { first: recordToRow(r, triage, method), lastIp: "", count: 1 };
}
