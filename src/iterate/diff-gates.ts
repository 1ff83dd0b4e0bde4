/**
 * The gates of `diff` and `trend`, judged on the last step (the two latest runs). One list, like
 * gate/gates.ts: flags and help come from it. The gates of summarize apply to the later run.
 */
import type { GateResult } from "../gate/gates.js";

export interface DiffFigures {
  readonly regressed: number;
  readonly newNotScanned: number;
  /** Null when neither run carries findings. */
  readonly newFindings: number | null;
}

export const DIFF_GATES = [
  { name: "maxRegressed", flag: "--max-regressed", figure: "regressed", help: "more than n IPs were scanned before and are not now", what: ["IP regressed (scanned before, not now)", "IPs regressed (scanned before, not now)"] },
  { name: "maxNewNotScanned", flag: "--max-new-not-scanned", figure: "newNotScanned", help: "more than n IPs are new and not scanned", what: ["new IP was not scanned", "new IPs were not scanned"] },
  {
    name: "maxNewFindings",
    flag: "--max-new-findings",
    figure: "newFindings",
    help: "more than n confirmed findings at or above --min-severity are new",
    what: ["new confirmed finding at or above the minimum severity", "new confirmed findings at or above the minimum severity"],
  },
] as const satisfies readonly { name: string; flag: string; figure: keyof DiffFigures; help: string; what: readonly [string, string] }[];

export type DiffGateName = (typeof DIFF_GATES)[number]["name"];
export type DiffThresholds = Partial<Record<DiffGateName, number>>;

export function evaluateDiffGates(figures: DiffFigures, thresholds: DiffThresholds): GateResult[] {
  const out: GateResult[] = [];
  for (const gate of DIFF_GATES) {
    const limit = thresholds[gate.name];
    if (limit === undefined) continue;
    const value = figures[gate.figure];
    out.push({ name: gate.name, flag: gate.flag, limit, value, passed: value === null || value <= limit, what: gate.what[value === 1 ? 0 : 1], from: null });
  }
  return out;
}
