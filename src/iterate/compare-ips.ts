/**
 * Per IP, what happened between two runs (../shared/spec/iterations.md, "Per IP"): both runs are
 * walked in address order at once, span by span, so two /8 targets cost a few steps and two
 * million-host scans one pass, never a map of every address.
 */
import type { HostRecord } from "../aggregate/host-record.js";
import type { Triage } from "../aggregate/triage.js";
import { formatIp } from "../net/ip.js";
import { RESPONSIBLES, type Responsible } from "../taxonomy/statuses.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { addressSpans, hostnameRecords, type IpSpan } from "./ip-spans.js";

export const IP_CHANGES = ["resolved", "regressed", "stillOpen", "changed", "new", "gone", "unchanged"] as const;
export type IpChange = (typeof IP_CHANGES)[number];

/** The spec's table; `unchanged`: the same status in both runs, scanned or skipped. */
export function classifyChange(before: StatusVerdict | null, after: StatusVerdict | null): IpChange {
  if (before === null) return "new";
  if (after === null) return "gone";
  const b = before.category;
  const a = after.category;
  if (b === "Not Scanned" && a === "Scanned") return "resolved";
  if (b === "Scanned" && a === "Not Scanned") return "regressed";
  if (before.status === after.status) return b === "Not Scanned" ? "stillOpen" : "unchanged";
  return "changed";
}

/** One address, or a block of consecutive addresses sharing both verdicts. */
export interface IpDelta {
  readonly change: IpChange;
  readonly first: string;
  /** The last address of a block; equal to `first` for one address or a hostname. */
  readonly last: string;
  readonly count: number;
  /** The addresses as numbers (null for a hostname-only target). */
  readonly family: 4 | 6 | null;
  readonly start: bigint | null;
  readonly end: bigint | null;
  readonly before: StatusVerdict | null;
  readonly after: StatusVerdict | null;
  /** The explicit records, for one address that has them (hostname, detail). */
  readonly beforeRecord: HostRecord | null;
  readonly afterRecord: HostRecord | null;
}

/** Per responsible party: IPs whose action was done, is still to do, or is new work. */
export interface PartyActions {
  readonly resolved: number;
  readonly stillOpen: number;
  readonly new: number;
}

export type IpChangeCounts = Record<IpChange, number>;

function cmp(af: 4 | 6, a: bigint, bf: 4 | 6, b: bigint): number {
  if (af !== bf) return af - bf;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Walks two span streams, yielding the pieces where neither side changes verdict. */
export function* compareSpans(beforeSpans: Iterable<IpSpan>, afterSpans: Iterable<IpSpan>): Generator<IpDelta> {
  const bi = beforeSpans[Symbol.iterator]();
  const ai = afterSpans[Symbol.iterator]();
  let b = bi.next().value as IpSpan | undefined;
  let a = ai.next().value as IpSpan | undefined;
  // Where the current span of each side starts being unconsumed.
  let bFrom = b?.start ?? 0n;
  let aFrom = a?.start ?? 0n;
  const piece = (family: 4 | 6, from: bigint, to: bigint, bs: IpSpan | null, as: IpSpan | null): IpDelta => ({
    change: classifyChange(bs?.verdict ?? null, as?.verdict ?? null),
    first: formatIp(family, from),
    last: formatIp(family, to),
    count: Number(to - from + 1n),
    family,
    start: from,
    end: to,
    before: bs?.verdict ?? null,
    after: as?.verdict ?? null,
    beforeRecord: from === to ? (bs?.record ?? null) : null,
    afterRecord: from === to ? (as?.record ?? null) : null,
  });
  while (b || a) {
    if (b && (!a || cmp(b.family, bFrom, a.family, aFrom) < 0)) {
      // Only the earlier run has these addresses, up to where the later run's next span starts.
      const end = a && a.family === b.family && aFrom <= b.end ? aFrom - 1n : b.end;
      yield piece(b.family, bFrom, end, b, null);
      if (end === b.end) {
        b = bi.next().value as IpSpan | undefined;
        bFrom = b?.start ?? 0n;
      } else bFrom = end + 1n;
      continue;
    }
    if (a && (!b || cmp(a.family, aFrom, b.family, bFrom) < 0)) {
      const end = b && b.family === a.family && bFrom <= a.end ? bFrom - 1n : a.end;
      yield piece(a.family, aFrom, end, null, a);
      if (end === a.end) {
        a = ai.next().value as IpSpan | undefined;
        aFrom = a?.start ?? 0n;
      } else aFrom = end + 1n;
      continue;
    }
    // Both at the same address: the piece runs to the nearer end.
    const bs = b as IpSpan;
    const as = a as IpSpan;
    const end = bs.end < as.end ? bs.end : as.end;
    yield piece(bs.family, bFrom, end, bs, as);
    if (end === bs.end) {
      b = bi.next().value as IpSpan | undefined;
      bFrom = b?.start ?? 0n;
    } else bFrom = end + 1n;
    if (end === as.end) {
      a = ai.next().value as IpSpan | undefined;
      aFrom = a?.start ?? 0n;
    } else aFrom = end + 1n;
  }
}

/** Every IP of either run (and every hostname-only target), with what happened to it. */
export function* compareTriages(before: Triage, after: Triage): Generator<IpDelta> {
  yield* compareSpans(addressSpans(before), addressSpans(after));
  const b = hostnameRecords(before);
  const a = hostnameRecords(after);
  const names = [...new Set([...b.keys(), ...a.keys()])].sort();
  for (const name of names) {
    const br = b.get(name) ?? null;
    const ar = a.get(name) ?? null;
    const shown = ar?.hostname ?? br?.hostname ?? name;
    const change = classifyChange(br?.verdict ?? null, ar?.verdict ?? null);
    yield { change, first: shown, last: shown, count: 1, family: null, start: null, end: null, before: br?.verdict ?? null, after: ar?.verdict ?? null, beforeRecord: br, afterRecord: ar };
  }
}

/** Counts per change, and per responsible party the actions resolved, still open and new. */
export class IpChangeTally {
  readonly counts: IpChangeCounts = Object.fromEntries(IP_CHANGES.map((c) => [c, 0])) as IpChangeCounts;
  readonly parties: Record<Exclude<Responsible, "None">, { resolved: number; stillOpen: number; new: number }> = {
    Customer: { resolved: 0, stillOpen: 0, new: 0 },
    ServiceProvider: { resolved: 0, stillOpen: 0, new: 0 },
  };
  /** Still-open work per (party, action): what the table lists. */
  readonly stillOpenActions = new Map<string, { responsible: Responsible; action: string; ips: number }>();

  add(d: IpDelta): void {
    this.counts[d.change] += d.count;
    const b = d.before;
    const a = d.after;
    for (const party of RESPONSIBLES) {
      if (party === "None") continue;
      const needed = b !== null && b.responsible === party;
      const needs = a !== null && a.responsible === party;
      const same = needed && needs && b.action === a.action;
      // An IP gone from the scope is not work done: it is neither resolved nor open.
      if (needed && a !== null && !same) this.parties[party].resolved += d.count;
      if (same) {
        this.parties[party].stillOpen += d.count;
        const key = `${party}\u0000${a.action}`;
        const entry = this.stillOpenActions.get(key) ?? { responsible: party, action: a.action, ips: 0 };
        entry.ips += d.count;
        this.stillOpenActions.set(key, entry);
      }
      if (needs && !same) this.parties[party].new += d.count;
    }
  }
}
