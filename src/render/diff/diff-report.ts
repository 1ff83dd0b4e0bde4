/**
 * What `diff` and `trend` say, as report blocks (drawn by the table and Markdown layouts): the
 * verdict on one screen first (coverage now and before, actions per party, regressions, risk),
 * then the lists (regressed IPs, new IPs not scanned, still-open actions).
 */
import type { Summary } from "../../aggregate/summarize.js";
import type { IpDelta } from "../../iterate/compare-ips.js";
import type { Run, Step } from "../../iterate/diff.js";
import { formatCount, formatRisk, plural } from "../../lib/format-number.js";
import { formatMessage } from "../../messages/message.js";
import { cell, type Block } from "../table/report-model.js";
import type { DiffRenderContext } from "./diff-renderer.js";

/** Entries of each list shown; the rest are counted (ndjson and CSV list every IP). */
export const LISTED = 20;

function coverage(s: Summary): string {
  const scanned = s.totals.byCategory.Scanned;
  const share = s.totals.ips === 0 ? "0.0" : ((100 * scanned) / s.totals.ips).toFixed(1);
  return `${formatCount(scanned)} of ${plural(s.totals.ips, "IP")} scanned (${share}%)`;
}

function runName(r: Run): string {
  return r.date ? `${r.label} (${r.date})` : r.label;
}

function riskLine(step: Step): string {
  const { before, after } = step.risk;
  if (before === null && after === null) return "Average security risk: none in either run (no findings)";
  const delta = before !== null && after !== null ? ` (${after - before >= 0 ? "+" : ""}${(after - before).toFixed(1)})` : "";
  return `Average security risk: ${formatRisk(before)} -> ${formatRisk(after)}${delta}`;
}

const CHANGE_ROWS = [
  ["resolved", "Resolved (not scanned before, scanned now)"],
  ["regressed", "Regressed (scanned before, not now)"],
  ["stillOpen", "Still open (not scanned, same status)"],
  ["changed", "Changed (another reason, or into / out of Skipped)"],
  ["new", "New in scope"],
  ["gone", "Gone from scope (not resolved)"],
  ["unchanged", "Unchanged"],
] as const;

function stepBlocks(step: Step): Block[] {
  return [
    { kind: "grid", grid: { columns: [{ title: "IPs" }, { title: "Count", align: "right" }], rows: CHANGE_ROWS.map(([k, label]) => [cell(label), cell(formatCount(step.ips[k]))]) } },
    {
      kind: "grid",
      grid: {
        columns: [{ title: "Actions of" }, { title: "Resolved", align: "right" }, { title: "Still open", align: "right" }, { title: "New", align: "right" }],
        rows: (["Customer", "ServiceProvider"] as const).map((p) => [
          cell(p),
          cell(formatCount(step.parties[p].resolved), step.parties[p].resolved > 0 ? "good" : undefined),
          cell(formatCount(step.parties[p].stillOpen)),
          cell(formatCount(step.parties[p].new), step.parties[p].new > 0 ? "bad" : undefined),
        ]),
      },
    },
    { kind: "line", text: riskLine(step) },
  ];
}

const FINDING_ROWS = [
  ["new", "New"],
  ["reopened", "Re-opened (fixed before, back now)"],
  ["fixed", "Fixed (host scanned, finding gone)"],
  ["removedIg", "Removed (information gathered: never Fixed)"],
  ["notRetested", "Not re-tested (host not scanned or not authenticated)"],
  ["active", "Active (in both runs)"],
] as const;

/** Confirmed and potential findings per change, by severity (5 first). */
function findingBlocks(step: Step): Block[] {
  const f = step.findings;
  if (f === null) return [];
  const columns = [{ title: "Findings" }, { title: "Total", align: "right" as const }, ...[5, 4, 3, 2, 1].map((n) => ({ title: `Sev ${n}`, align: "right" as const }))];
  const rows = FINDING_ROWS.map(([k, label]) => {
    const by = f.bySeverity[k];
    const level = (n: number) => (k === "removedIg" ? (by.info[n - 1] ?? 0) : (by.confirmed[n - 1] ?? 0) + (by.potential[n - 1] ?? 0));
    return [cell(label), cell(formatCount(f.counts[k])), ...[5, 4, 3, 2, 1].map((n) => cell(formatCount(level(n))))];
  });
  const note = "Severity columns: confirmed and potential findings (information gathered for Removed).";
  return [
    { kind: "heading", text: "Findings" },
    { kind: "grid", grid: { columns, rows } },
    { kind: "line", text: `${note} New or re-opened confirmed at severity ${f.minSeverity} or above: ${formatCount(f.newAtOrAbove)}.` },
  ];
}

function newSevereFindings(ctx: DiffRenderContext, minSeverity: number): Block[] {
  const items: string[] = [];
  let total = 0;
  for (const d of ctx.outcome.findingDeltas()) {
    if ((d.change !== "new" && d.change !== "reopened") || d.kind !== "confirmed" || d.severity < minSeverity) continue;
    total++;
    if (items.length < LISTED) items.push(`${d.ip} QID ${d.qid}${d.port ? ` port ${d.port}/${d.protocol}` : ""}: severity ${d.severity}${d.change === "reopened" ? ", re-opened" : ""}`);
  }
  if (total === 0) return [];
  if (total > items.length) items.push(`... and more: ${formatCount(total)} in all (--format ndjson lists each)`);
  return [{ kind: "heading", text: `New severe findings (${formatCount(total)})` }, { kind: "list", items }];
}

function listOf(deltas: Iterable<IpDelta>, keep: (d: IpDelta) => boolean): { items: string[]; total: number } {
  const items: string[] = [];
  let total = 0;
  for (const d of deltas) {
    if (!keep(d)) continue;
    total += d.count;
    if (items.length >= LISTED) continue;
    const where = d.count === 1 ? d.first : `${d.first} - ${d.last} (${formatCount(d.count)} IPs)`;
    const name = d.afterRecord?.hostname ?? d.beforeRecord?.hostname;
    const action = d.after && d.after.action !== "None" ? `; ${d.after.responsible}: ${d.after.action}` : "";
    items.push(`${where}${name && d.count === 1 && name !== d.first ? ` (${name})` : ""}: ${d.before?.status ?? "absent"} -> ${d.after?.status ?? "absent"}${action}`);
  }
  return { items, total };
}

function listBlocks(title: string, list: { items: string[]; total: number }): Block[] {
  if (list.total === 0) return [];
  const shown = list.items.length;
  const items = list.total > shown ? [...list.items, `... and more: ${formatCount(list.total)} IPs in all (--format ndjson or csv lists each)`] : list.items;
  return [{ kind: "heading", text: `${title} (${formatCount(list.total)})` }, { kind: "list", items }];
}

export function diffBlocks(ctx: DiffRenderContext): Block[] {
  const { runs, steps, warnings } = ctx.outcome;
  const last = steps[steps.length - 1] as Step;
  const before = runs[runs.length - 2] as Run;
  const after = runs[runs.length - 1] as Run;
  const blocks: Block[] = [
    { kind: "title", text: `What changed: ${runName(before)} -> ${runName(after)}` },
    { kind: "line", text: `Coverage now: ${coverage(after.summary)}; before: ${coverage(before.summary)}` },
    ...stepBlocks(last),
    ...findingBlocks(last),
  ];
  if (ctx.command === "trend") {
    blocks.push({ kind: "heading", text: "Runs" });
    blocks.push({
      kind: "grid",
      grid: {
        columns: [{ title: "Run", minWidth: 12 }, { title: "Scanned", align: "right" }, { title: "Not scanned", align: "right" }, { title: "Resolved", align: "right" }, { title: "Regressed", align: "right" }, { title: "Risk", align: "right" }],
        rows: runs.map((r, i) => {
          const step = i > 0 ? steps[i - 1] : undefined;
          return [
            cell(runName(r)),
            cell(formatCount(r.summary.totals.byCategory.Scanned)),
            cell(formatCount(r.summary.totals.byCategory["Not Scanned"])),
            cell(step ? formatCount(step.ips.resolved) : "-"),
            cell(step ? formatCount(step.ips.regressed) : "-"),
            cell(formatRisk(r.summary.risk.averageSecurityRisk)),
          ];
        }),
      },
    });
  }
  blocks.push(...listBlocks("Regressed IPs", listOf(ctx.outcome.deltas(), (d) => d.change === "regressed")));
  blocks.push(...listBlocks("New IPs not scanned", listOf(ctx.outcome.deltas(), (d) => d.change === "new" && d.after?.category === "Not Scanned")));
  if (last.findings) blocks.push(...newSevereFindings(ctx, last.findings.minSeverity));
  if (last.stillOpenActions.length > 0) {
    blocks.push({ kind: "heading", text: "Still open" });
    blocks.push({
      kind: "grid",
      grid: { columns: [{ title: "Responsible" }, { title: "Action", minWidth: 16 }, { title: "IPs", align: "right" }], rows: last.stillOpenActions.map((a) => [cell(a.responsible), cell(a.action), cell(formatCount(a.ips))]) },
    });
  }
  const messages = warnings.map(formatMessage);
  if (messages.length > 0) blocks.push({ kind: "heading", text: "Warnings" }, { kind: "list", items: messages });
  return blocks;
}
