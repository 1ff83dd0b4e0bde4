/** CI gates: a pure function of the summary, independent of the command and the output format. */
import type { Summary } from "../aggregate/summarize.js";

export interface GateThresholds {
  readonly maxCustomerActions?: number;
  readonly maxNotScanned?: number;
  readonly maxAuthFailures?: number;
  readonly maxAverageRisk?: number;
}

export interface GateFailure {
  readonly flag: string;
  readonly limit: number;
  readonly actual: number;
  readonly what: string;
}

export function evaluateGates(summary: Summary, t: GateThresholds): GateFailure[] {
  const failures: GateFailure[] = [];
  const check = (flag: string, limit: number | undefined, actual: number | null, what: string) => {
    if (limit !== undefined && actual !== null && actual > limit) failures.push({ flag, limit, actual, what });
  };
  check("--max-customer-actions", t.maxCustomerActions, summary.totals.byResponsible.Customer, "IPs need action by the Customer");
  check("--max-not-scanned", t.maxNotScanned, summary.totals.byCategory["Not Scanned"], "IPs were not scanned");
  check("--max-auth-failures", t.maxAuthFailures, summary.authFailures.count, "IPs failed authentication");
  check("--max-average-risk", t.maxAverageRisk, summary.risk.averageSecurityRisk, "is the average security risk");
  return failures;
}

export function formatGateFailure(f: GateFailure): string {
  return `gate failed: ${f.flag} ${f.limit}: ${f.actual} ${f.what} (more than ${f.limit})`;
}
