/**
 * What `summarize` says to people, as blocks: title, categories, responsible parties with their
 * top actions, statuses, security risk, operating systems and services detected, authentication
 * failures, unrecognised statuses, accepted exceptions, inputs, gates, warnings and notes. The table and Markdown formats both draw these blocks.
 */
import type { Summary } from "../../aggregate/summarize.js";
import type { Triage } from "../../aggregate/triage.js";
import { CATEGORIES, RESPONSIBLES } from "../../taxonomy/statuses.js";
import { CATEGORY_TONE } from "./colors.js";
import { formatCount, formatPercent, plural } from "../../lib/format-number.js";
import { cell, dropInOrder, type Block, type Column } from "./report-model.js";
import { riskBlocks } from "./risk-blocks.js";
import { statusLabel, statusVerdicts, verdictOf } from "./status-verdicts.js";
import { acceptedBlocks, authBlocks, detectedBlocks, diagnosticBlocks, gateBlocks, inputBlocks, unrecognizedBlocks } from "./summary-sections.js";

/** Actions listed per responsible party; the rest are counted as "+N more". */
const TOP_ACTIONS = 3;

const COUNT: Column = { title: "IPs", align: "right" };
const SHARE: Column = { title: "Share", align: "right" };

export function summaryTitle(summary: Summary): string {
  return `${plural(summary.totals.ips, "IP")} from ${plural(summary.inputs.length, "input")}`;
}

function categoryBlocks(summary: Summary): Block[] {
  const { ips, byCategory } = summary.totals;
  const rows = CATEGORIES.map((c) => [cell(c, CATEGORY_TONE[c]), cell(formatCount(byCategory[c])), cell(formatPercent(byCategory[c], ips))]);
  return [{ kind: "heading", text: "Categories" }, { kind: "grid", grid: { columns: [{ title: "Category" }, COUNT, SHARE], rows } }];
}

export function topActions(actions: Summary["actions"][keyof Summary["actions"]]): string {
  const shown = actions.slice(0, TOP_ACTIONS).map((a) => `${a.action} (${formatCount(a.ips)})`);
  if (actions.length > TOP_ACTIONS) shown.push(`+${actions.length - TOP_ACTIONS} more`);
  return shown.join(", ");
}

function responsibleBlocks(summary: Summary): Block[] {
  const { ips, byResponsible } = summary.totals;
  const rows = RESPONSIBLES.map((r) => [
    cell(r),
    cell(formatCount(byResponsible[r])),
    cell(formatPercent(byResponsible[r], ips)),
    cell(topActions(summary.actions[r])),
  ]);
  const columns: Column[] = [{ title: "Responsible" }, COUNT, SHARE, { title: "Top actions", maxWidth: 70, minWidth: 20 }];
  return [{ kind: "heading", text: "Responsible parties" }, { kind: "grid", grid: { columns, rows } }];
}

function statusBlocks(summary: Summary, parts: readonly Triage[]): Block[] {
  const verdicts = statusVerdicts(parts);
  const rows = Object.entries(summary.totals.byStatus).map(([status, n]) => {
    const v = verdictOf(status, verdicts);
    return [
      cell(statusLabel(status, v.recognized), v.recognized ? undefined : "warn"),
      cell(formatCount(n)),
      cell(v.category, CATEGORY_TONE[v.category]),
      cell(v.responsible),
      cell(v.action),
    ];
  });
  const category: Column = { title: "Category" };
  const responsible: Column = { title: "Responsible" };
  const columns = dropInOrder([{ title: "Status" }, COUNT, category, responsible, { title: "Action", minWidth: 16 }], [responsible, category]);
  if (rows.length === 0) return [{ kind: "heading", text: "Statuses" }, { kind: "line", text: "No IPs in the inputs." }];
  return [{ kind: "heading", text: "Statuses" }, { kind: "grid", grid: { columns, rows } }];
}

/**
 * --group-by: one row per group (a customer, a job), in key order. The groups' own gates are in
 * the gates section; "Not scanned" and the actions are what each customer's to-do list is made of.
 */
/** The folder every key is in ("scans/" of "scans/acme", "scans/globex"), shown once instead of on every row. */
function commonFolder(keys: readonly string[]): string {
  if (keys.length < 2) return "";
  let prefix = keys[0] ?? "";
  for (const key of keys) while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
}

function groupBlocks(summary: Summary): Block[] {
  const groups = summary.groups;
  if (groups === undefined) return [];
  const folder = commonFolder(groups.map((g) => g.key));
  const rows = groups.map((g) => [
    cell(g.key === "" ? "(none)" : g.key.slice(folder.length) || g.key),
    cell(formatCount(g.totals.ips)),
    cell(formatPercent(g.totals.byCategory.Scanned, g.totals.ips)),
    cell(formatCount(g.totals.byResponsible.Customer), g.totals.byResponsible.Customer > 0 ? "warn" : undefined),
    cell(formatCount(g.totals.byResponsible.ServiceProvider), g.totals.byResponsible.ServiceProvider > 0 ? "warn" : undefined),
    cell(formatCount(g.authFailures.count), g.authFailures.count > 0 ? "bad" : undefined),
    cell(g.risk.averageSecurityRisk === null ? "-" : g.risk.averageSecurityRisk.toFixed(1)),
  ]);
  const columns: Column[] = [
    { title: "Group", maxWidth: 40, minWidth: 12 },
    COUNT,
    { title: "Scanned", align: "right" },
    { title: "Customer", align: "right" },
    { title: "Provider", align: "right" },
    { title: "Auth fail", align: "right" },
    { title: "Risk", align: "right" },
  ];
  const heading = `Groups (${formatCount(groups.length)})${folder === "" ? "" : `, in ${folder}`}`;
  return [{ kind: "heading", text: heading }, { kind: "grid", grid: { columns, rows } }];
}

export function summaryBlocks(summary: Summary, parts: readonly Triage[]): Block[] {
  return [
    { kind: "title", text: summaryTitle(summary) },
    ...groupBlocks(summary),
    ...categoryBlocks(summary),
    ...responsibleBlocks(summary),
    ...statusBlocks(summary, parts),
    { kind: "heading", text: "Security risk" },
    ...riskBlocks(summary.risk),
    ...detectedBlocks(summary.breakdowns),
    ...authBlocks(summary.authFailures),
    ...unrecognizedBlocks(summary.unrecognizedStatuses),
    ...acceptedBlocks(summary),
    ...inputBlocks(summary.inputs),
    ...gateBlocks(summary),
    ...diagnosticBlocks(summary),
  ];
}
