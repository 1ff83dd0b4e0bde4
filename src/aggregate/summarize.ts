/**
 * The overview `summarize` prints and the gates judge: counts by category, responsible party and
 * status, the security risk, the authentication failures, unrecognised statuses and warnings.
 * Counts come from records and segment sizes, so a huge target range costs nothing here.
 */
import { compareText } from "./compare-text.js";
import { formatMessage, message, type Message } from "../messages/message.js";
import { emptyFindingCounts } from "../model/findings.js";
import { AUTH_FAILURE_STATUSES, CATEGORIES, RESPONSIBLES, type Category, type Responsible } from "../taxonomy/statuses.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { recordToRow, type FindingLevels } from "./host-row.js";
import { averageRiskTenths, hostRisk, hostRiskTenths, tenthsToNumber, type RiskMethod } from "./risk.js";
import type { Triage } from "./triage.js";

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
}

export interface Summary {
  readonly schemaVersion: number;
  readonly inputs: readonly InputSummary[];
  readonly totals: {
    readonly ips: number;
    readonly byCategory: Record<Category, number>;
    readonly byResponsible: Record<Responsible, number>;
    readonly byStatus: Record<string, number>;
  };
  /** Actions per responsible party, most frequent first. */
  readonly actions: Record<Responsible, readonly { action: string; ips: number }[]>;
  readonly risk: {
    readonly method: RiskMethod;
    readonly averageSecurityRisk: number | null;
    readonly activeHosts: number;
    readonly severities: FindingLevels;
  };
  readonly authFailures: { readonly count: number; readonly top: readonly AuthFailure[] };
  readonly unrecognizedStatuses: Record<string, number>;
  readonly warnings: readonly string[];
}

function sortedCounts(counts: Map<string, number>): Record<string, number> {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return Object.fromEntries(entries);
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

export function summarize(triage: Triage, method: RiskMethod): Summary {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const byResponsible = Object.fromEntries(RESPONSIBLES.map((r) => [r, 0])) as Record<Responsible, number>;
  const byStatus = new Map<string, number>();
  const unrecognized = new Map<string, number>();
  const actions = new Map<Responsible, Map<string, number>>(RESPONSIBLES.map((r) => [r, new Map()]));
  let ips = 0;
  const count = (v: StatusVerdict, n: number) => {
    if (n <= 0) return;
    ips += n;
    byCategory[v.category] += n;
    byResponsible[v.responsible] += n;
    byStatus.set(v.status, (byStatus.get(v.status) ?? 0) + n);
    if (!v.recognized) unrecognized.set(v.status, (unrecognized.get(v.status) ?? 0) + n);
    const perAction = actions.get(v.responsible) as Map<string, number>;
    perAction.set(v.action, (perAction.get(v.action) ?? 0) + n);
  };

  const severities = emptyFindingCounts();
  const riskValues: number[] = [];
  const auth: AuthFailure[] = [];
  let authCount = 0;
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

  const warnings: Message[] = [...triage.warnings, ...statedRiskWarnings(triage, method)];
  const hasFindingsInput = triage.inputs.some((i) => i.format !== null && i.format !== "scan-log-csv");
  if (!hasFindingsInput) warnings.push(message("triage.noRiskData"));
  const average = averageRiskTenths(riskValues);

  return {
    schemaVersion: SCHEMA_VERSION,
    inputs: triage.inputs.map((i) => ({
      path: i.path,
      format: i.format,
      records: i.records,
      classified: i.classified,
      skipped: i.skippedCount,
      skippedRows: i.skipped.map((s) => ({ line: s.line, reason: formatMessage(s.reason) })),
      warnings: i.warnings.map(formatMessage),
    })),
    totals: { ips, byCategory, byResponsible, byStatus: sortedCounts(byStatus) },
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
    },
    authFailures: { count: authCount, top: auth },
    unrecognizedStatuses: sortedCounts(unrecognized),
    warnings: warnings.map(formatMessage),
  };
}
