/**
 * A triage as disjoint spans of addresses in address order, each with one verdict: an explicit
 * record is a span of one, and each stretch of an inferred segment between records is one span,
 * so a /8 target stays a handful of spans. Hostname-only records come last, keyed by name.
 */
import type { HostRecord } from "../aggregate/host-record.js";
import type { Triage } from "../aggregate/triage.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";

export interface IpSpan {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly verdict: StatusVerdict;
  /** The explicit record, for a span of one that has one. */
  readonly record: HostRecord | null;
}

function before(r: HostRecord, family: 4 | 6, value: bigint): boolean {
  const rf = r.family ?? 9;
  return rf < family || (rf === family && (r.value as bigint) < value);
}

function recordSpan(r: HostRecord): IpSpan {
  return { family: r.family as 4 | 6, start: r.value as bigint, end: r.value as bigint, verdict: r.verdict, record: r };
}

/** Every address of the triage, once, in order (the hostname-only records are not among them). */
export function* addressSpans(triage: Triage): Generator<IpSpan> {
  const { records, segments } = triage;
  let ri = 0;
  for (const s of segments) {
    let v = s.start;
    while (v <= s.end) {
      let r = records.at(ri);
      while (r && r.family !== null && before(r, s.family, v)) {
        yield recordSpan(r);
        r = records.at(++ri);
      }
      if (r && r.family === s.family && r.value === v) {
        yield recordSpan(r);
        ri++;
        v++;
        continue;
      }
      let end = s.end;
      if (r && r.family === s.family && (r.value as bigint) <= s.end) end = (r.value as bigint) - 1n;
      yield { family: s.family, start: v, end, verdict: s.verdict, record: null };
      v = end + 1n;
    }
  }
  for (let r = records.at(ri); r && r.family !== null; r = records.at(++ri)) yield recordSpan(r);
}

/** The records with no address (hostname targets that resolved to none), by lower-case name. */
export function hostnameRecords(triage: Triage): Map<string, HostRecord> {
  const out = new Map<string, HostRecord>();
  for (let i = triage.records.length - 1; i >= 0; i--) {
    const r = triage.records.at(i);
    if (!r || r.family !== null) break;
    out.set((r.hostname ?? "").toLowerCase(), r);
  }
  return out;
}

/** The newest time the run states (scan dates, log times): its place in the order of runs. */
export function newestTime(triage: Triage): number | null {
  let newest: number | null = null;
  const see = (t: number | null) => {
    if (t !== null && (newest === null || t > newest)) newest = t;
  };
  for (const r of triage.records) see(r.time);
  for (const s of triage.segments) see(s.owner.time);
  return newest;
}
