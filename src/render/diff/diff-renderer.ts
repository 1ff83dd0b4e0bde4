/**
 * Output of `diff` and `trend`: every format the other commands have, each a generator of text
 * chunks from the comparison (iterate/diff.ts). Listed once here; --format choices come from it.
 */
import type { IpDelta } from "../../iterate/compare-ips.js";
import type { FindingDelta } from "../../iterate/compare-findings.js";
import type { DiffOutcome, Run } from "../../iterate/diff.js";
import { SCHEMA_VERSION } from "../../aggregate/summarize.js";
import { formatMessage, severityOf } from "../../messages/message.js";
import { csvLine } from "../csv.js";
import { document, gateCases, suite, type Case } from "../junit.js";
import { markdownBlocks } from "../markdown.js";
import { safeJson } from "../sanitize.js";
import { painter } from "../table/colors.js";
import { layoutBlocks } from "../table/layout-blocks.js";
import { diffBlocks } from "./diff-report.js";
import { renderHtmlReport } from "../html/report-html.js";
import type { DiffCommand, DiffFormat } from "./diff-registry.js";
import { formatIp, parseIp } from "../../net/ip.js";


export interface DiffRenderContext {
  readonly command: DiffCommand;
  readonly outcome: Extract<DiffOutcome, { ok: true }>;
  readonly color: boolean;
  readonly width: number | null;
  /** scantriage's version, for the HTML report's footer line. */
  readonly version: string;
}

function runJson(r: Run) {
  return { label: r.label, date: r.date, inputs: r.inputs, totals: r.summary.totals, risk: { averageSecurityRisk: r.summary.risk.averageSecurityRisk, activeHosts: r.summary.risk.activeHosts } };
}

/** The document `diff --format json` prints (../shared/spec/iterations.md, "Interface"). */
export function diffJson(ctx: DiffRenderContext): object {
  const { runs, steps, gates, warnings } = ctx.outcome;
  const last = steps[steps.length - 1];
  const stepJson = (s: (typeof steps)[number]) => ({
    from: s.from,
    to: s.to,
    ips: s.ips,
    byResponsible: s.parties,
    newNotScanned: s.newNotScanned,
    gated: s.gated,
    // Null for runs without findings (scan logs): no counts that would look real.
    findings: s.findings && {
      ...s.findings.counts,
      bySeverity: s.findings.bySeverity,
      newAtOrAbove: { minSeverity: s.findings.minSeverity, confirmed: s.findings.newAtOrAbove },
      stated: s.findings.stated,
    },
    risk: s.risk,
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    command: ctx.command,
    runs: runs.map(runJson),
    ...(last ? stepJson(last) : {}),
    stillOpenActions: last?.stillOpenActions ?? [],
    ...(ctx.command === "trend" ? { steps: steps.map(stepJson) } : {}),
    gates: gates.map((g) => ({ name: g.name, flag: g.flag, limit: g.limit, value: g.value, passed: g.passed, what: g.what })),
    diagnostics: warnings.map((m) => ({ code: m.code, severity: severityOf(m.code), input: null, message: formatMessage(m) })),
  };
}

/** One object per finding that changed (not the Active ones), for scripts. */
export function* changedFindings(deltas: Iterable<FindingDelta>): Generator<Record<string, string | number | null>> {
  for (const d of deltas) {
    if (d.change === "active") continue;
    yield { type: "finding", ip: d.ip, qid: d.qid, port: d.port || null, protocol: d.protocol || null, kind: d.kind, severity: d.severity, change: d.change, stated: d.stated };
  }
}

/** One object per IP whose status changed (blocks expanded: one per address), for scripts. */
export function* changedIps(deltas: Iterable<IpDelta>): Generator<Record<string, string | null>> {
  for (const d of deltas) {
    if (d.change === "unchanged" || d.change === "stillOpen") continue;
    const base = {
      change: d.change,
      before: d.before?.status ?? null,
      after: d.after?.status ?? null,
      responsible: d.after?.responsible ?? null,
      action: d.after?.action ?? null,
      hostname: d.afterRecord?.hostname ?? d.beforeRecord?.hostname ?? null,
      detail: d.afterRecord?.detail ?? d.beforeRecord?.detail ?? null,
    };
    if (d.count === 1) {
      yield { type: "ip", ip: d.first, ...base };
      continue;
    }
    for (const ip of expand(d.first, d.count)) yield { type: "ip", ip, ...base };
  }
}

function* expand(first: string, count: number): Generator<string> {
  const start = parseIp(first);
  if (!start) return;
  for (let i = 0n; i < BigInt(count); i++) yield formatIp(start.family, start.value + i);
}

const CSV_COLUMNS = ["ip", "change", "before", "after", "responsible", "action", "hostname", "detail"] as const;

export interface DiffRenderer {
  render(ctx: DiffRenderContext): Iterable<string>;
}

export const DIFF_RENDERERS: Readonly<Record<DiffFormat, DiffRenderer>> = {
  table: { render: (ctx) => layoutBlocks(diffBlocks(ctx), painter(ctx.color), ctx.width) },
  json: { render: (ctx) => [`${safeJson(JSON.stringify(diffJson(ctx), null, 2))}\n`] },
  ndjson: {
    render: function* (ctx) {
      for (const o of changedIps(ctx.outcome.deltas())) yield `${safeJson(JSON.stringify(o))}\n`;
      for (const o of changedFindings(ctx.outcome.findingDeltas())) yield `${safeJson(JSON.stringify(o))}\n`;
    },
  },
  csv: {
    render: function* (ctx) {
      yield csvLine([...CSV_COLUMNS]);
      for (const o of changedIps(ctx.outcome.deltas())) yield csvLine(CSV_COLUMNS.map((c) => o[c] ?? null));
    },
  },
  markdown: { render: (ctx) => markdownBlocks(diffBlocks(ctx)) },
  junit: { render: (ctx) => [diffJunit(ctx)] },
  html: {
    // The later run's report, with what changed since the earlier one after its key figures.
    render: (ctx) => {
      const after = ctx.outcome.runs[ctx.outcome.runs.length - 1] as Run;
      return renderHtmlReport({
        summary: after.summary,
        triage: after.triage,
        riskMethod: after.summary.risk.method,
        generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        version: ctx.version,
        scanDate: after.date,
        changes: diffBlocks(ctx),
      });
    },
  },
};

/** JUnit XML: a test case per gate, one per run (its inputs and warnings), and the changes in one. */
function diffJunit(ctx: DiffRenderContext): string {
  const { runs, steps, gates, warnings } = ctx.outcome;
  const last = steps[steps.length - 1];
  const diagnostics = [...runs.flatMap((r) => r.summary.diagnostics), ...warnings.map((m) => ({ code: m.code, severity: severityOf(m.code), input: null, message: formatMessage(m) }))];
  const runCases: Case[] = runs.map((r) => ({
    name: r.label,
    classname: "scantriage.runs",
    out: `${r.date ?? "no date"}: ${r.summary.totals.ips} IPs, ${r.summary.totals.byCategory.Scanned} scanned; inputs: ${r.inputs.join(", ")}`,
    ...(r.summary.diagnostics.length > 0 ? { err: r.summary.diagnostics.map((d) => `${d.input ? `${d.input}: ` : ""}${d.message}`).join("\n") } : {}),
  }));
  const ips = last ? Object.entries(last.ips).map(([k, n]) => `${k} ${n}`).join(", ") : "";
  const findings = last?.findings ? `; findings: ${Object.entries(last.findings.counts).map(([k, n]) => `${k} ${n}`).join(", ")}` : "";
  const changes: Case = { name: "changes", classname: "scantriage.diff", out: `IPs: ${ips}${findings}` };
  return document(`scantriage ${ctx.command}`, [suite("gates", gateCases(gates, diagnostics)), suite("runs", runCases), suite("diff", [changes])]);
}
