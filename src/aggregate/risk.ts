/**
 * Security risk, Qualys definition: per host the average severity of its confirmed vulnerabilities
 * (or the highest, when the account is set so), rounded to one decimal; across hosts the average of
 * the per-host values. Arithmetic is done in integer tenths so that 2.85 rounds to 2.9, as Qualys does.
 */
import type { FindingCounts } from "../model/findings.js";

export const RISK_METHODS = ["average", "highest"] as const;
export type RiskMethod = (typeof RISK_METHODS)[number];

/** Round num/den to the nearest integer, halves up (num, den >= 0, den > 0). */
function roundHalfUp(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}

/** Per-host risk in tenths (18 means 1.8). A host with no confirmed vulnerability has risk 0. */
export function hostRiskTenths(findings: FindingCounts, method: RiskMethod): number {
  let count = 0;
  let sum = 0;
  let highest = 0;
  findings.confirmed.forEach((n, i) => {
    if (n > 0) {
      count += n;
      sum += n * (i + 1);
      highest = i + 1;
    }
  });
  if (count === 0) return 0;
  return method === "highest" ? highest * 10 : roundHalfUp(sum * 10, count);
}

/** Average of per-host risks (in tenths), in tenths, or null when no host was scanned. */
export function averageRiskTenths(perHostTenths: Iterable<number>): number | null {
  let n = 0;
  let sum = 0;
  for (const t of perHostTenths) {
    n++;
    sum += t;
  }
  return n === 0 ? null : roundHalfUp(sum, n);
}

export function tenthsToNumber(tenths: number): number {
  return tenths / 10;
}
