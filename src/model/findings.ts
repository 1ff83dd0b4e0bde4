/** Finding counts per host: by kind, and by severity level 1-5 (index 0 = level 1). */

export type FindingKind = "confirmed" | "potential" | "info";

export interface FindingCounts {
  readonly confirmed: number[];
  readonly potential: number[];
  readonly info: number[];
}

export function emptyFindingCounts(): FindingCounts {
  return { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
}

/** Count one finding; a severity outside 1-5 is clamped so that nothing is lost. */
export function addFinding(counts: FindingCounts, kind: FindingKind, severity: number): void {
  const level = Number.isFinite(severity) ? Math.min(5, Math.max(1, Math.round(severity))) : 1;
  const row = counts[kind];
  row[level - 1] = (row[level - 1] ?? 0) + 1;
}

export function totalOf(levels: readonly number[]): number {
  let n = 0;
  for (const v of levels) n += v;
  return n;
}
