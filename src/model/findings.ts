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

/** The vulnerability status a file states for a finding (detections STATUS, report CSV Vuln Status, VMDR Status). */
export const VULN_STATUSES = ["new", "active", "reopened", "fixed"] as const;
export type VulnStatus = (typeof VULN_STATUSES)[number];
export type VulnStatusCounts = Record<VulnStatus, number>;

/** A severity as counted: outside 1-5 it is clamped (missing is 1), so that nothing is lost. */
export function severityLevel(severity: number): number {
  return Number.isFinite(severity) ? Math.min(5, Math.max(1, Math.round(severity))) : 1;
}

/** Count one finding at its severityLevel(). */
export function addFinding(counts: FindingCounts, kind: FindingKind, severity: number): void {
  const level = severityLevel(severity);
  const row = counts[kind];
  row[level - 1] = (row[level - 1] ?? 0) + 1;
}

export function totalOf(levels: readonly number[]): number {
  let n = 0;
  for (const v of levels) n += v;
  return n;
}
