/**
 * `diff` and `trend`: every run read by the core triage (triageInputs, the same as summarize),
 * put in the order of the dates the runs state, and each consecutive pair compared per IP
 * (compare-ips.ts). The result is data; the renderers and the CLI do the rest.
 */
import { summarize, type Summary } from "../aggregate/summarize.js";
import type { Triage } from "../aggregate/triage.js";
import { InputError } from "../errors.js";
import type { GateResult } from "../gate/gates.js";
import { message, type Message } from "../messages/message.js";
import { triageInputs, type TriageRequest } from "../pipeline/triage-inputs.js";
import { compareTriages, IpChangeTally, type IpChangeCounts, type IpDelta, type PartyActions } from "./compare-ips.js";
import { compareFindings, findingKey, FindingTally, type FindingChange, type FindingDelta, type FixedKeys } from "./compare-findings.js";
import type { FindingKind, VulnStatusCounts } from "../model/findings.js";
import { evaluateDiffGates, type DiffThresholds } from "./diff-gates.js";
import { newestTime } from "./ip-spans.js";
import { runInputs } from "./runs.js";

export interface Run {
  /** The argument as given (a file or a directory). */
  readonly label: string;
  readonly inputs: readonly string[];
  /** The newest time the run states, ISO 8601; null when it states none. */
  readonly date: string | null;
  readonly triage: Triage;
  readonly summary: Summary;
}

export interface Step {
  readonly from: string;
  readonly to: string;
  readonly ips: IpChangeCounts;
  readonly parties: Readonly<Record<"Customer" | "ServiceProvider", PartyActions>>;
  /** Work still to do, per party and action, most IPs first. */
  readonly stillOpenActions: readonly { responsible: string; action: string; ips: number }[];
  /** New IPs that were not scanned: work the later run added. */
  readonly newNotScanned: number;
  /** What the gates judge: regressed and new not-scanned IPs that the later run's accept list does not cover. */
  readonly gated: { readonly regressed: number; readonly newNotScanned: number };
  readonly risk: { readonly before: number | null; readonly after: number | null };
  /** Null when neither run carries findings (scan logs). */
  readonly findings: FindingSummary | null;
}

export interface FindingSummary {
  readonly counts: Readonly<Record<FindingChange, number>>;
  readonly bySeverity: Readonly<Record<FindingChange, Readonly<Record<FindingKind, readonly number[]>>>>;
  /** New or re-opened confirmed findings at or above --min-severity. */
  readonly newAtOrAbove: number;
  readonly minSeverity: number;
  /** The later run's own vulnerability statuses, where its files state them. */
  readonly stated: VulnStatusCounts | null;
}

export interface DiffRequest extends Omit<TriageRequest, "inputs" | "judge"> {
  /** Run arguments: files or directories, in the order given. */
  readonly runs: readonly string[];
  /** The summarize gates, judged on the latest run. */
  readonly judge?: TriageRequest["judge"];
  readonly thresholds?: DiffThresholds;
  /** Lowest severity counted by the new-findings gate (default 4). */
  readonly minSeverity?: number;
}

export type DiffOutcome =
  | {
      readonly ok: true;
      /** In date order, earliest first. */
      readonly runs: readonly Run[];
      /** One per consecutive pair; the last is what `diff` reports. */
      readonly steps: readonly Step[];
      readonly gates: readonly GateResult[];
      readonly warnings: readonly Message[];
      /** Every IP of the two latest runs with what happened to it, in address order (streamed). */
      readonly deltas: () => Generator<IpDelta>;
      /** Every finding of the two latest runs that changed or stayed, in key order (streamed). */
      readonly findingDeltas: () => Generator<FindingDelta>;
    }
  | { readonly ok: false; readonly errors: readonly InputError[] };

function iso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString().replace(".000Z", "Z");
}

/** Date order when every run states a date; the order given otherwise (said in a warning). */
function ordered(runs: readonly Run[], warnings: Message[]): Run[] {
  const undated = runs.filter((r) => r.date === null);
  if (undated.length > 0) {
    warnings.push(message("diff.undatedRun", { runs: undated.map((r) => r.label).join(", ") }));
    return [...runs];
  }
  const sorted = [...runs].sort((a, b) => (a.date as string).localeCompare(b.date as string));
  if (sorted.some((r, i) => r !== runs[i])) warnings.push(message("diff.reordered", { order: sorted.map((r) => `${r.label} (${r.date ?? ""})`).join(" -> ") }));
  return sorted;
}

/** Addresses of a piece that the later run's accept list covers for its new status. */
function acceptedIn(triage: Triage, d: IpDelta): number {
  const accept = triage.accept;
  if (accept === null || d.after === null) return 0;
  if (d.family === null || d.start === null || d.end === null) return accept.match(null, null, d.first, d.after.status) ? 1 : 0;
  let n = 0;
  for (const part of accept.acceptedParts(d.family, d.start, d.end, d.after.status)) n += Number(part.end - part.start + 1n);
  return n;
}

function hasFindings(run: Run): boolean {
  return (run.triage.findings?.size ?? 0) > 0;
}

/** Findings of one step; the keys it fixed are added to `fixed` (a later step's Re-Opened). */
function compareFindingsOf(before: Run, after: Run, fixed: FixedKeys, minSeverity: number, warnings: Message[]): FindingSummary | null {
  if (!hasFindings(before) && !hasFindings(after)) return null;
  const tally = new FindingTally();
  const newlyFixed: string[] = [];
  for (const d of compareFindings(before.triage, after.triage, fixed)) {
    tally.add(d);
    if (d.change === "fixed") newlyFixed.push(findingKey(d.ip, d.qid, d.port, d.protocol));
  }
  for (const k of newlyFixed) fixed.add(k);
  const c = tally.firstContradiction;
  if (c !== null) {
    warnings.push(
      message("diff.statedStatusDiffers", { count: tally.contradictions, run: after.label, example: `${c.ip} QID ${c.qid}${c.port ? ` port ${c.port}` : ""}: stated ${c.stated ?? ""}, compared ${c.change}` }),
    );
  }
  return { counts: tally.counts, bySeverity: tally.bySeverity, newAtOrAbove: tally.newConfirmed(minSeverity), minSeverity, stated: after.summary.risk.vulnStatuses };
}

function compare(before: Run, after: Run, findings: FindingSummary | null): Step {
  const tally = new IpChangeTally();
  let newNotScanned = 0;
  const gated = { regressed: 0, newNotScanned: 0 };
  for (const d of compareTriages(before.triage, after.triage)) {
    tally.add(d);
    const isNewNotScanned = d.change === "new" && d.after?.category === "Not Scanned";
    if (isNewNotScanned) newNotScanned += d.count;
    if (d.change === "regressed") gated.regressed += d.count - acceptedIn(after.triage, d);
    if (isNewNotScanned) gated.newNotScanned += d.count - acceptedIn(after.triage, d);
  }
  return {
    gated,
    findings,
    from: before.label,
    to: after.label,
    ips: tally.counts,
    parties: tally.parties,
    stillOpenActions: [...tally.stillOpenActions.values()].sort((a, b) => b.ips - a.ips || a.action.localeCompare(b.action)),
    newNotScanned,
    risk: { before: before.summary.risk.averageSecurityRisk, after: after.summary.risk.averageSecurityRisk },
  };
}

export async function compareRuns(request: DiffRequest): Promise<DiffOutcome> {
  const errors: InputError[] = [];
  const read: Run[] = [];
  for (const label of request.runs) {
    let inputs: string[];
    try {
      inputs = runInputs(label);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
      continue;
    }
    const outcome = await triageInputs({ ...request, inputs, judge: undefined, keepFindings: true });
    if (!outcome.ok) {
      errors.push(...outcome.errors);
      continue;
    }
    read.push({ label, inputs, date: iso(newestTime(outcome.triage)), triage: outcome.triage, summary: outcome.summary });
  }
  if (errors.length > 0) return { ok: false, errors };
  const warnings: Message[] = [];
  const runs = ordered(read, warnings);
  const steps: Step[] = [];
  const minSeverity = request.minSeverity ?? 4;
  const fixed: FixedKeys = new Set();
  let fixedBeforeLast: FixedKeys = new Set();
  for (let i = 1; i < runs.length; i++) {
    if (i === runs.length - 1) fixedBeforeLast = new Set(fixed);
    const before = runs[i - 1] as Run;
    const after = runs[i] as Run;
    steps.push(compare(before, after, compareFindingsOf(before, after, fixed, minSeverity, warnings)));
  }
  const last = steps[steps.length - 1] as Step;
  const before = runs[runs.length - 2] as Run;
  const after = runs[runs.length - 1] as Run;
  const common = last.ips.resolved + last.ips.regressed + last.ips.stillOpen + last.ips.changed + last.ips.unchanged;
  if (common === 0) warnings.push(message("diff.noCommonIps", { before: before.label, after: after.label }));
  else if (common === last.ips.unchanged + last.ips.stillOpen && last.ips.new === 0 && last.ips.gone === 0) warnings.push(message("diff.nothingChanged"));
  if (request.thresholds?.maxNewFindings !== undefined && last.findings === null) {
    warnings.push(message("triage.gateNotJudged", { flag: "--max-new-findings", why: "neither run carries vulnerability findings (scan logs record scan status only)" }));
  }
  // The summarize gates judge the latest run (known only now: runs are ordered by their dates).
  const latest = request.judge ? summarize(after.triage, request.riskMethod ?? "average", request.judge) : after.summary;
  const figures = { regressed: last.gated.regressed, newNotScanned: last.gated.newNotScanned, newFindings: last.findings?.newAtOrAbove ?? null };
  const gates = [...evaluateDiffGates(figures, request.thresholds ?? {}), ...latest.gates];
  return {
    ok: true,
    runs,
    steps,
    gates,
    warnings,
    deltas: () => compareTriages(before.triage, after.triage),
    findingDeltas: () => compareFindings(before.triage, after.triage, fixedBeforeLast),
  };
}
