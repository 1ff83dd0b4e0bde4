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
  readonly risk: { readonly before: number | null; readonly after: number | null };
}

export interface DiffRequest extends Omit<TriageRequest, "inputs" | "judge"> {
  /** Run arguments: files or directories, in the order given. */
  readonly runs: readonly string[];
  /** The summarize gates, judged on the latest run. */
  readonly judge?: TriageRequest["judge"];
  readonly thresholds?: DiffThresholds;
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

function compare(before: Run, after: Run): Step {
  const tally = new IpChangeTally();
  let newNotScanned = 0;
  for (const d of compareTriages(before.triage, after.triage)) {
    tally.add(d);
    if (d.change === "new" && d.after?.category === "Not Scanned") newNotScanned += d.count;
  }
  return {
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
    const outcome = await triageInputs({ ...request, inputs, judge: undefined });
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
  for (let i = 1; i < runs.length; i++) steps.push(compare(runs[i - 1] as Run, runs[i] as Run));
  const last = steps[steps.length - 1] as Step;
  const before = runs[runs.length - 2] as Run;
  const after = runs[runs.length - 1] as Run;
  const common = last.ips.resolved + last.ips.regressed + last.ips.stillOpen + last.ips.changed + last.ips.unchanged;
  if (common === 0) warnings.push(message("diff.noCommonIps", { before: before.label, after: after.label }));
  else if (common === last.ips.unchanged + last.ips.stillOpen && last.ips.new === 0 && last.ips.gone === 0) warnings.push(message("diff.nothingChanged"));
  if (request.thresholds?.maxNewFindings !== undefined) {
    warnings.push(message("triage.gateNotJudged", { flag: "--max-new-findings", why: "the comparison finding by finding is not built yet" }));
  }
  // The summarize gates judge the latest run (known only now: runs are ordered by their dates).
  const latest = request.judge ? summarize(after.triage, request.riskMethod ?? "average", request.judge) : after.summary;
  const gates = [...evaluateDiffGates({ regressed: last.ips.regressed, newNotScanned: last.newNotScanned, newFindings: null }, request.thresholds ?? {}), ...latest.gates];
  return { ok: true, runs, steps, gates, warnings, deltas: () => compareTriages(before.triage, after.triage) };
}
