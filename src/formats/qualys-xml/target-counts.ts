/**
 * Exact address counts of target lists, for checking a scan header's NBHOST_TOTAL. Entries may
 * overlap ("10.0.0.0/24, 10.0.0.5") and exclusions may lie inside them, so ranges are merged
 * before counting; nothing is expanded, a /8 costs the same as one address.
 */
import type { AddressRange } from "../../net/target-list.js";

/** Disjoint ranges sorted by family then start, adjacent ones joined. */
function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: AddressRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.family === r.family && r.start <= last.end + 1n) {
      if (r.end > last.end) merged[merged.length - 1] = { ...last, end: r.end };
    } else {
      merged.push(r);
    }
  }
  return merged;
}

/** How many distinct addresses the ranges cover. */
export function countAddresses(ranges: readonly AddressRange[]): bigint {
  return mergeRanges(ranges).reduce((n, r) => n + (r.end - r.start + 1n), 0n);
}

/** How many distinct addresses lie in both lists. (A TARGET key can list thousands of single addresses: one merge pass.) */
export function countCommonAddresses(a: readonly AddressRange[], b: readonly AddressRange[]): bigint {
  const left = mergeRanges(a);
  const right = mergeRanges(b);
  let n = 0n;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const x = left[i] as AddressRange;
    const y = right[j] as AddressRange;
    if (x.family !== y.family) {
      if (x.family < y.family) i++;
      else j++;
      continue;
    }
    const start = x.start > y.start ? x.start : y.start;
    const end = x.end < y.end ? x.end : y.end;
    if (start <= end) n += end - start + 1n;
    // Drop whichever range ends first; the other may still meet the next one.
    if (x.end < y.end) i++;
    else j++;
  }
  return n;
}
