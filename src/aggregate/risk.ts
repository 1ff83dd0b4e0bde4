/**
 * Security risk, Qualys definition: per host the average severity of its confirmed vulnerabilities
 * (or the highest, when the account is set so); across hosts the average of the unrounded per-host
 * values, rounded once at the end. Per-host figures are rounded to one decimal for display only.
 * Rounding is half up (2.85 -> 2.9), as Qualys does.
 */
import type { FindingCounts } from "../model/findings.js";

export const RISK_METHODS = ["average", "highest"] as const;
export type RiskMethod = (typeof RISK_METHODS)[number];

/**
 * Tenths, rounded half up. The tiny allowance keeps a value that is a half in exact arithmetic
 * (2.85) from falling below it in floating point.
 */
function roundTenths(value: number): number {
  return Math.floor(value * 10 + 0.5 + 1e-9);
}

/** Per-host risk, unrounded. A host with no confirmed vulnerability has risk 0. */
export function hostRisk(findings: FindingCounts, method: RiskMethod): number {
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
  return method === "highest" ? highest : sum / count;
}

/** Per-host risk in tenths (18 means 1.8), for display. */
export function hostRiskTenths(findings: FindingCounts, method: RiskMethod): number {
  return roundTenths(hostRisk(findings, method));
}

/** Average of unrounded per-host risks, in tenths, or null when no host was scanned. */
export function averageRiskTenths(perHostRisk: Iterable<number>): number | null {
  let n = 0;
  let sum = 0;
  for (const r of perHostRisk) {
    n++;
    sum += r;
  }
  return n === 0 ? null : roundTenths(sum / n);
}

export function tenthsToNumber(tenths: number): number {
  return tenths / 10;
}
