/**
 * The merged result of all inputs: explicit records (one per IP seen directly or named alone) and
 * disjoint inferred segments (never expanded here). Everything downstream reads this.
 */
import type { AcceptList } from "../accept/accept-list.js";
import { message, type Message } from "../messages/message.js";
import type { HostnameTargetObservation } from "../model/observation.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { formatIp } from "../net/ip.js";
import type { FindingStore } from "./finding-store.js";
import type { DetectedHosts } from "../formats/qualys-xml/detected-hosts.js";
import type { HostRecord } from "./host-record.js";
import type { RecordList, RecordStore } from "./record-store.js";
export { compareRecords } from "./record-store.js";
import type { InputReport } from "./input-report.js";
import { compareRangePrecedence, findSegment, resolveRanges, type Segment } from "./resolve-ranges.js";
import type { TriageBuilder } from "./triage-builder.js";

export interface ResolvedSegment extends Segment {
  readonly verdict: StatusVerdict;
  /** Addresses of the segment not decided by an explicit record. */
  readonly count: number;
}

export interface Triage {
  readonly inputs: readonly InputReport[];
  /** Sorted: IPv4 by address, IPv6 by address, then hostname-only records by name. */
  readonly records: RecordList;
  /** Sorted and disjoint; explicit records inside a segment are not counted in it. */
  readonly segments: readonly ResolvedSegment[];
  readonly warnings: readonly Message[];
  /** Known exceptions in force for this run (null without an accept list). */
  readonly accept: AcceptList | null;
  /** Every finding key of the run (null unless the caller asked: TriageRequest.keepFindings). */
  readonly findings: FindingStore | null;
  /** What QIDs 45017 and 82023 / 82004 said of each host (the OS and services breakdowns). */
  readonly detected: DetectedHosts;
}

const MAX_CONFLICTS_NAMED = 5;

/** Hostname targets that no host observation named (by its hostname, or another the IP was seen with). */
function resolveHostnameTargets(builder: TriageBuilder, records: RecordStore): HostRecord[] {
  const answered = new Set<string>();
  for (const hostname of records.recordHostnames()) if (hostname !== "") answered.add(hostname.toLowerCase());
  const best = new Map<string, HostnameTargetObservation>();
  const asRange = (t: HostnameTargetObservation) => ({ ...t, family: 4 as const, start: 0n, end: 0n, conflictsWithDirect: false });
  for (const t of builder.hostnameTargets) {
    const key = t.hostname.toLowerCase();
    if (answered.has(key)) continue;
    const current = best.get(key);
    if (!current || compareRangePrecedence(asRange(t), asRange(current)) < 0) best.set(key, t);
  }
  return [...best.values()].map((t) => ({
    ip: null,
    hostname: t.hostname,
    family: null,
    value: null,
    rawStatus: t.rawStatus,
    verdict: builder.classify(t.rawStatus),
    detail: t.detail,
    time: t.time,
    evidence: "inferred",
    input: t.input,
    line: t.line,
    os: null,
    findings: null,
    statedRisk: null,
    extra: null,
    collapsed: 0,
    decidedBy: "only",
    priority: t.priority,
    ...(t.source === undefined ? {} : { source: t.source }),
  }));
}

export function finishTriage(builder: TriageBuilder, warnings: Message[]): Triage {
  const records = builder.records.sorted(resolveHostnameTargets(builder, builder.records));
  const segments = resolveRanges(builder.ranges);
  const inside = new Array<number>(segments.length).fill(0);
  /** The lowest addresses among the conflicts, in order: the first ones in address order. */
  const conflicts: { family: 4 | 6; value: bigint }[] = [];
  let conflictCount = 0;
  // Without ranges (scan logs) there is nothing to check. Records are visited in no order and not
  // made into objects (a Qualys run has 100,000 hosts): only their address and evidence count here.
  if (segments.length > 0) {
    records.forEachAddress((family, value, direct) => {
      const i = findSegment(segments, family, value);
      if (i < 0) return;
      inside[i] = (inside[i] ?? 0) + 1;
      if (!(segments[i] as Segment).owner.conflictsWithDirect || !direct) return;
      conflictCount++;
      const at = conflicts.findIndex((c) => c.family > family || (c.family === family && c.value > value));
      if (at >= 0) conflicts.splice(at, 0, { family, value });
      else conflicts.push({ family, value });
      if (conflicts.length > MAX_CONFLICTS_NAMED) conflicts.pop();
    });
  }
  if (conflictCount > 0) {
    const ips = conflicts.map((c) => formatIp(c.family, c.value)).join(", ");
    warnings.push(message("triage.scannedInsideNoResults", { count: conflictCount, ips }));
  }
  const resolved = segments.map((s, i) => ({
    family: s.family,
    start: s.start,
    end: s.end,
    owner: s.owner,
    verdict: builder.classify(s.owner.rawStatus),
    count: Number(s.end - s.start + 1n) - (inside[i] ?? 0),
  }));
  return { inputs: builder.inputs, records, segments: resolved, warnings, accept: builder.accept, findings: builder.findings, detected: builder.detected };
}
