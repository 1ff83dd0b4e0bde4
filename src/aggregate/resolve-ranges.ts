/**
 * Inferred range observations (targets, exclusions, appendices) may overlap. This turns them into
 * disjoint segments, each owned by the highest-precedence range covering it, without expanding a
 * single address: a /8 target stays one segment. Sweep over start/end events with a heap of ranks.
 */
import type { RangeObservation } from "../model/observation.js";

export interface Segment {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly owner: RangeObservation;
}

/** Precedence among inferred observations: newest first, then kind priority, then input order. */
export function compareRangePrecedence(a: RangeObservation, b: RangeObservation): number {
  const ta = a.time ?? -Infinity;
  const tb = b.time ?? -Infinity;
  if (ta !== tb) return tb - ta;
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.input !== b.input) return a.input - b.input;
  return a.line - b.line;
}

class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number | undefined {
    return this.items[0];
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= v) break;
      a[i] = a[p] as number;
      i = p;
    }
    a[i] = v;
  }
  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mv = last;
      if (l < a.length && (a[l] as number) < mv) {
        m = l;
        mv = a[l] as number;
      }
      if (r < a.length && (a[r] as number) < mv) m = r;
      if (m === i) break;
      a[i] = a[m] as number;
      i = m;
    }
    a[i] = last;
  }
}

function resolveFamily(ranges: RangeObservation[]): Segment[] {
  const ranked = [...ranges].sort(compareRangePrecedence);
  const events: { pos: bigint; rank: number; open: boolean }[] = [];
  ranked.forEach((r, rank) => {
    events.push({ pos: r.start, rank, open: true });
    events.push({ pos: r.end + 1n, rank, open: false });
  });
  events.sort((a, b) => (a.pos < b.pos ? -1 : a.pos > b.pos ? 1 : 0));
  const heap = new MinHeap();
  const closed = new Map<number, number>();
  const segments: Segment[] = [];
  for (let i = 0; i < events.length; ) {
    const pos = (events[i] as { pos: bigint }).pos;
    for (; i < events.length && (events[i] as { pos: bigint }).pos === pos; i++) {
      const e = events[i] as { rank: number; open: boolean };
      if (e.open) heap.push(e.rank);
      else closed.set(e.rank, (closed.get(e.rank) ?? 0) + 1);
    }
    // Lazy deletion: drop closed ranks from the top.
    for (let top = heap.peek(); top !== undefined && (closed.get(top) ?? 0) > 0; top = heap.peek()) {
      const left = (closed.get(top) as number) - 1;
      if (left === 0) closed.delete(top);
      else closed.set(top, left);
      heap.pop();
    }
    const top = heap.peek();
    const next = events[i];
    if (top === undefined || next === undefined) continue;
    const owner = ranked[top] as RangeObservation;
    const prev = segments[segments.length - 1];
    if (prev && prev.owner === owner && prev.end + 1n === pos) {
      segments[segments.length - 1] = { family: prev.family, start: prev.start, end: next.pos - 1n, owner };
    } else {
      segments.push({ family: owner.family, start: pos, end: next.pos - 1n, owner });
    }
  }
  return segments;
}

/** Disjoint segments sorted by family (IPv4 first) then address. */
export function resolveRanges(ranges: readonly RangeObservation[]): Segment[] {
  return [...resolveFamily(ranges.filter((r) => r.family === 4)), ...resolveFamily(ranges.filter((r) => r.family === 6))];
}

/** Index of the segment containing value, or -1 (segments of one family, sorted and disjoint). */
export function findSegment(segments: readonly Segment[], family: 4 | 6, value: bigint): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid] as Segment;
    if (s.family < family || (s.family === family && s.end < value)) lo = mid + 1;
    else if (s.family > family || s.start > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
