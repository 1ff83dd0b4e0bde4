/**
 * The overview `summarize` prints and the gates judge: counts by category, responsible party and
 * status, the security risk, the authentication failures, unrecognised statuses and warnings.
 * Counts come from records and segment sizes, so a huge target range costs nothing here.
 */
import { compareText } from "./compare-text.js";
import { evaluateGates, type GatedFigures, type GateName, type GateResult, type GateThresholds } from "../gate/gates.js";
import { formatMessage, message, severityOf, type Message, type MessageCode, type Severity } from "../messages/message.js";
import { emptyFindingCounts } from "../model/findings.js";
import { VULN_STATUSES, type VulnStatusCounts } from "../formats/qualys-findings/finding-hosts.js";
import { AUTH_FAILURE_STATUSES, CATEGORIES, RESPONSIBLES, type Category, type Responsible } from "../taxonomy/statuses.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { recordToRow, type FindingLevels } from "./host-row.js";
import { averageRiskTenths, hostRisk, hostRiskTenths, tenthsToNumber, type RiskMethod } from "./risk.js";
import type { AcceptedPart } from "../accept/accept-list.js";
import type { ResolvedSegment, Triage } from "./triage.js";
import { carriesFindings, type InputReport } from "./input-report.js";
import { summarizeBreakdowns, type Breakdowns } from "./breakdowns.js";

export const SCHEMA_VERSION = 1;
export const AUTH_TOP = 10;

export interface AuthFailure {
  readonly ip: string | null;
  readonly hostname: string | null;
  readonly status: string;
  readonly detail: string | null;
  readonly action: string;
  readonly source: string;
}

export interface InputSummary {
  readonly path: string;
  readonly format: string | null;
  /** Rows or host elements read: always classified + skipped. */
  readonly records: number;
  readonly classified: number;
  readonly skipped: number;
  readonly skippedRows: readonly { line: number; reason: string }[];
  readonly warnings: readonly string[];
  /** Findings by the file's own vulnerability status (finding exports that state it), else null. */
  readonly vulnStatuses: VulnStatusCounts | null;
}

/** A warning or note with a stable code, for scripts (the sentences may be reworded). */
export interface Diagnostic {
  readonly code: MessageCode;
  readonly severity: Severity;
  /** The input it is about, or null for the run as a whole. */
  readonly input: string | null;
  readonly message: string;
}

export interface IpCounts {
  readonly ips: number;
  readonly byCategory: Record<Category, number>;
  readonly byResponsible: Record<Responsible, number>;
  readonly byStatus: Record<string, number>;
}

/** What the run should be judged against: the gates given and --strict. */
export interface JudgeOptions {
  readonly thresholds: GateThresholds;
  readonly strict: boolean;
  /** Gates whose limit came from a config file (the file's name), for the messages. */
  readonly from?: Partial<Record<GateName, string>>;
}

export const NO_GATES: JudgeOptions = { thresholds: {}, strict: false };

export interface Summary {
  readonly schemaVersion: number;
  readonly inputs: readonly InputSummary[];
  readonly totals: IpCounts & {
    /** IPs on the accept list (also counted above, under their own status). */
    readonly accepted: IpCounts & { readonly authFailures: number };
  };
  /** Actions per responsible party, most frequent first. */
  readonly actions: Record<Responsible, readonly { action: string; ips: number }[]>;
  readonly risk: {
    readonly method: RiskMethod;
    readonly averageSecurityRisk: number | null;
    readonly activeHosts: number;
    readonly severities: FindingLevels;
    /** Findings by the vulnerability status the inputs state (New / Active / Re-Opened / Fixed), null when none does. */
    readonly vulnStatuses: VulnStatusCounts | null;
  };
  readonly authFailures: { readonly count: number; readonly top: readonly AuthFailure[] };
  /** Hosts per operating system (QID 45017) and per service (QIDs 82023 / 82004), or why there are none. */
  readonly breakdowns: Breakdowns;
  readonly unrecognizedStatuses: Record<string, number>;
  readonly warnings: readonly string[];
  /** The figures the gates judge: the totals without the accepted IPs. */
  readonly gated: GatedFigures;
  /** Every gate given, passed or not (--strict last). */
  readonly gates: readonly GateResult[];
  /** Every warning and note of the run and its inputs, with stable codes. */
  readonly diagnostics: readonly Diagnostic[];
  /** --group-by: one entry per group, in key order (absent without it). */
  readonly groups?: readonly GroupSummary[];
}

/** A group of --group-by: its counts as in the summary, judged on its own. */
export interface GroupSummary {
  readonly key: string;
  readonly inputs: readonly string[];
  readonly totals: Summary["totals"];
  readonly actions: Summary["actions"];
  readonly risk: Summary["risk"];
  readonly authFailures: { readonly count: number };
  readonly gated: GatedFigures;
  readonly gates: readonly GateResult[];
}

function sortedCounts(counts: Map<string, number>): Record<string, number> {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return Object.fromEntries(entries);
}

function totalVulnStatuses(inputs: readonly InputReport[]): VulnStatusCounts | null {
  const stated = inputs.flatMap((i) => (i.vulnStatuses ? [i.vulnStatuses] : []));
  if (stated.length === 0) return null;
  const total = Object.fromEntries(VULN_STATUSES.map((s) => [s, 0])) as VulnStatusCounts;
  for (const counts of stated) for (const s of VULN_STATUSES) total[s] += counts[s];
  return total;
}

const OTHER_METHOD: Record<RiskMethod, RiskMethod> = { average: "highest", highest: "average" };

/**
 * The file's own risk figures against ours. They follow the Qualys account's method, which the
 * file does not name: a host whose figure fits the other method is not a conflict, only a sign
 * that the account computes differently from the --risk-method asked for (said once per input).
 */
function statedRiskWarnings(triage: Triage, method: RiskMethod): Message[] {
  const warnings: Message[] = [];
  const perInput = new Map<number, number[]>();
  const otherMethodInputs = new Set<number>();
  for (const r of triage.records.withFindings()) {
    if (!r.findings) continue;
    const tenths = hostRiskTenths(r.findings, method);
    const list = perInput.get(r.input) ?? [];
    list.push(hostRisk(r.findings, method));
    perInput.set(r.input, list);
    if (r.statedRisk === null || Math.abs(r.statedRisk - tenths / 10) <= 0.05) continue;
    if (Math.abs(r.statedRisk - hostRiskTenths(r.findings, OTHER_METHOD[method]) / 10) <= 0.05) {
      otherMethodInputs.add(r.input);
      continue;
    }
    warnings.push(
      message("triage.statedRiskDiffers", { where: `host ${r.ip ?? r.hostname ?? ""}`, stated: r.statedRisk, computed: tenthsToNumber(tenths) }),
    );
  }
  for (const i of otherMethodInputs) {
    warnings.push(message("triage.statedRiskOtherMethod", { path: triage.inputs[i]?.path ?? "", method, other: OTHER_METHOD[method] }));
  }
  triage.inputs.forEach((input, i) => {
    if (input.statedAverageRisk === null || otherMethodInputs.has(i)) return;
    const avg = averageRiskTenths(perInput.get(i) ?? []);
    const computed = avg === null ? 0 : avg / 10;
    if (Math.abs(input.statedAverageRisk - computed) > 0.05) {
      warnings.push(message("triage.statedRiskDiffers", { where: `${input.path} average`, stated: input.statedAverageRisk, computed }));
    }
  });
  return warnings;
}

class IpCounter {
  ips = 0;
  readonly byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  readonly byResponsible = Object.fromEntries(RESPONSIBLES.map((r) => [r, 0])) as Record<Responsible, number>;
  readonly byStatus = new Map<string, number>();

  add(v: StatusVerdict, n: number): void {
    this.ips += n;
    this.byCategory[v.category] += n;
    this.byResponsible[v.responsible] += n;
    this.byStatus.set(v.status, (this.byStatus.get(v.status) ?? 0) + n);
  }

  counts(): IpCounts {
    return { ips: this.ips, byCategory: this.byCategory, byResponsible: this.byResponsible, byStatus: sortedCounts(this.byStatus) };
  }
}

/**
 * The accept list applied to the run: accepted IPs among the records, and the accepted parts of
 * inferred segments (counted as ranges, minus the records that lie inside them).
 */
function countAccepted(triage: Triage, method: RiskMethod, counter: IpCounter): { authFailures: number; riskOfOthers: number[] | null } {
  let authFailures = 0;
  const accept = triage.accept;
  if (!accept || accept.isEmpty) return { authFailures, riskOfOthers: null };
  const parts: { segment: ResolvedSegment; part: AcceptedPart }[] = [];
  for (const segment of triage.segments) {
    if (segment.count <= 0) continue;
    for (const part of accept.acceptedParts(segment.family, segment.start, segment.end, segment.verdict.status)) parts.push({ segment, part });
  }
  const inside = new Array<number>(parts.length).fill(0);
  const riskOfOthers: number[] = [];
  for (const r of triage.records) {
    if (r.family !== null && r.value !== null) {
      const value = r.value;
      parts.forEach(({ part }, i) => {
        if (part.family === r.family && part.start <= value && value <= part.end) inside[i] = (inside[i] ?? 0) + 1;
      });
    }
    const accepted = accept.match(r.family, r.value, r.hostname, r.verdict.status) !== null;
    if (accepted) {
      counter.add(r.verdict, 1);
      if (AUTH_FAILURE_STATUSES.has(r.verdict.status)) authFailures++;
    } else if (r.findings) riskOfOthers.push(hostRisk(r.findings, method));
  }
  parts.forEach(({ segment, part }, i) => {
    const n = Number(part.end - part.start + 1n) - (inside[i] ?? 0);
    if (n <= 0) return;
    counter.add(segment.verdict, n);
    accept.markUsed(part);
  });
  return { authFailures, riskOfOthers };
}

function diagnostic(m: Message, input: string | null): Diagnostic {
  return { code: m.code, severity: severityOf(m.code), input, message: formatMessage(m) };
}

const UNRECOGNIZED_EXAMPLES = 3;

export function summarize(triage: Triage, method: RiskMethod, judge: JudgeOptions = NO_GATES): Summary {
  return summarizeParts([triage], triage.inputs, method, judge);
}

/**
 * The summary of several triages whose IPs are distinct hosts (the groups of --group-by: the same
 * address at two customers is two hosts): counts add up, the risk is the average over every host.
 * `inputs` are the files of the run, each once.
 */
export function summarizeParts(parts: readonly Triage[], inputs: readonly InputReport[], method: RiskMethod, judge: JudgeOptions = NO_GATES): Summary {
  const all = new IpCounter();
  const unrecognized = new Map<string, number>();
  const actions = new Map<Responsible, Map<string, number>>(RESPONSIBLES.map((r) => [r, new Map()]));
  const count = (v: StatusVerdict, n: number) => {
    if (n <= 0) return;
    all.add(v, n);
    if (!v.recognized) unrecognized.set(v.status, (unrecognized.get(v.status) ?? 0) + n);
    const perAction = actions.get(v.responsible) as Map<string, number>;
    perAction.set(v.action, (perAction.get(v.action) ?? 0) + n);
  };

  const severities = emptyFindingCounts();
  const riskValues: number[] = [];
  const auth: AuthFailure[] = [];
  let authCount = 0;
  const accepted = { counter: new IpCounter(), authFailures: 0, riskOfOthers: null as number[] | null };
  const runMessages: Message[] = [];
  for (const triage of parts) {
    // Counted by verdict, findings read from the records that carry them, auth failures visited:
    // a million lean scan-log records are never made into objects here.
    for (const [verdict, n] of triage.records.countVerdicts()) {
      count(verdict, n);
      if (AUTH_FAILURE_STATUSES.has(verdict.status)) authCount += n;
    }
    for (const r of triage.records.withFindings()) {
      if (!r.findings) continue;
      riskValues.push(hostRisk(r.findings, method));
      for (const kind of ["confirmed", "potential", "info"] as const) {
        r.findings[kind].forEach((n, i) => (severities[kind][i] = (severities[kind][i] ?? 0) + n));
      }
    }
    for (const r of triage.records.where((v) => AUTH_FAILURE_STATUSES.has(v.status))) {
      if (auth.length >= AUTH_TOP) break;
      const row = recordToRow(r, triage, method);
      auth.push({ ip: row.ip, hostname: row.hostname, status: row.status, detail: row.detail, action: row.action, source: row.source });
    }
    // Segments are inferred (targets, exclusions, appendices): they never carry an auth failure.
    for (const s of triage.segments) count(s.verdict, s.count);
    const part = countAccepted(triage, method, accepted.counter);
    accepted.authFailures += part.authFailures;
    if (part.riskOfOthers) accepted.riskOfOthers = [...(accepted.riskOfOthers ?? []), ...part.riskOfOthers];
    runMessages.push(...triage.warnings, ...statedRiskWarnings(triage, method));
  }
  const accept = parts.find((p) => p.accept !== null)?.accept ?? null;

  const hasFindingsInput = inputs.some(carriesFindings);
  if (!hasFindingsInput) runMessages.push(message("triage.noRiskData"));
  if (all.ips === 0) runMessages.push(message("triage.nothingToTriage"));
  if (unrecognized.size > 0) {
    const names = [...unrecognized.keys()].slice(0, UNRECOGNIZED_EXAMPLES).map((n) => `"${n}"`);
    const more = unrecognized.size > UNRECOGNIZED_EXAMPLES ? `, ${unrecognized.size - UNRECOGNIZED_EXAMPLES} more` : "";
    runMessages.push(message("triage.unrecognizedStatuses", { ips: [...unrecognized.values()].reduce((a, b) => a + b, 0), examples: names.join(", ") + more }));
  }
  if (accept) runMessages.push(...accept.warnings());
  const average = averageRiskTenths(riskValues);
  const gatedAverage = accepted.riskOfOthers ? averageRiskTenths(accepted.riskOfOthers) : average;
  const gated: GatedFigures = {
    customerActions: all.byResponsible.Customer - accepted.counter.byResponsible.Customer,
    notScanned: all.byCategory["Not Scanned"] - accepted.counter.byCategory["Not Scanned"],
    authFailures: authCount - accepted.authFailures,
    averageSecurityRisk: gatedAverage === null ? null : tenthsToNumber(gatedAverage),
  };
  if (judge.thresholds.maxAverageRisk !== undefined && gated.averageSecurityRisk === null) {
    const why = hasFindingsInput ? "no host with findings was scanned" : "the inputs carry no vulnerability findings (scan logs and scan summaries record scan status only)";
    runMessages.push(message("triage.gateNotJudged", { flag: "--max-average-risk", why }));
  }

  const diagnostics = [
    ...inputs.flatMap((input) => input.warnings.map((m) => diagnostic(m, input.path))),
    ...runMessages.map((m) => diagnostic(m, null)),
  ];
  const warningCodes = diagnostics.filter((d) => d.severity === "warning").map((d) => d.code);

  return {
    schemaVersion: SCHEMA_VERSION,
    inputs: inputs.map((i) => ({
      path: i.path,
      format: i.format,
      records: i.records,
      classified: i.classified,
      skipped: i.skippedCount,
      skippedRows: i.skipped.map((s) => ({ line: s.line, reason: formatMessage(s.reason) })),
      warnings: i.warnings.map(formatMessage),
      vulnStatuses: i.vulnStatuses,
    })),
    totals: { ...all.counts(), accepted: { ...accepted.counter.counts(), authFailures: accepted.authFailures } },
    actions: Object.fromEntries(
      RESPONSIBLES.map((r) => [
        r,
        [...(actions.get(r) as Map<string, number>)]
          .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
          .map(([action, n]) => ({ action, ips: n })),
      ]),
    ) as Record<Responsible, { action: string; ips: number }[]>,
    risk: {
      method,
      averageSecurityRisk: average === null ? null : tenthsToNumber(average),
      activeHosts: riskValues.length,
      severities,
      vulnStatuses: totalVulnStatuses(inputs),
    },
    authFailures: { count: authCount, top: auth },
    breakdowns: summarizeBreakdowns(parts.map((p) => p.detected), { findingsInput: hasFindingsInput, hostsWithFindings: riskValues.length }),
    unrecognizedStatuses: sortedCounts(unrecognized),
    warnings: runMessages.map(formatMessage),
    gated,
    gates: evaluateGates(gated, judge.thresholds, {
      strict: judge.strict ? { codes: warningCodes } : null,
      nothingRead: all.ips === 0,
      ...(judge.from ? { from: judge.from } : {}),
    }),
    diagnostics,
  };
}
