/**
 * What `hosts`, `auth` and `risk` show to people, as a lazily produced table plus closing lines.
 * `hosts` walks the compact row blocks, so an inferred range is one row ("a – b (n IPs)").
 */
import { iterateRowBlocks, type HostRow, type RowBlock } from "../../aggregate/host-row.js";
import type { RenderContext } from "../renderer.js";
import { CATEGORY_TONE } from "./colors.js";
import { formatCount, formatRisk, plural } from "./format-number.js";
import { cell, type Block, type Column, type Row, type RowReport } from "./report-model.js";
import { riskBlocks } from "./risk-blocks.js";
import { statusLabel } from "./status-verdicts.js";
import { NO_IP } from "./summary-sections.js";

type RowCommand = Exclude<RenderContext["command"], "summarize">;

const IP: Column = { title: "IP" };
const HOSTNAME: Column = { title: "Hostname", maxWidth: 60 };
const STATUS: Column = { title: "Status" };
const ACTION: Column = { title: "Action", maxWidth: 44 };
const SOURCE: Column = { title: "Source", maxWidth: 60 };
const DETAIL: Column = { title: "Detail", maxWidth: 60, flex: true };
const LEVELS = [1, 2, 3, 4, 5] as const;

function* mapRows<T>(items: Iterable<T>, toRow: (item: T) => Row): Generator<Row> {
  for (const item of items) yield toRow(item);
}

/** "10.0.0.2 – 10.0.0.255 (254 IPs)" for a block, the plain IP for a single row. */
export function blockIp(block: RowBlock): string {
  const ip = block.first.ip ?? NO_IP;
  return block.count > 1 ? `${ip} – ${block.lastIp} (${formatCount(block.count)} IPs)` : ip;
}

/** Which input decided the row, and where. */
function sourceOf(row: HostRow): string {
  return row.line > 0 ? `${row.source}:${row.line}` : row.source;
}

function statusCell(row: HostRow): Row[number] {
  return cell(statusLabel(row.status, row.recognized), row.recognized ? undefined : "warn");
}

function hostsReport(ctx: RenderContext): RowReport {
  const columns = [IP, HOSTNAME, STATUS, { title: "Category" }, { title: "Responsible" }, ACTION, { title: "Risk", align: "right" }, SOURCE, DETAIL] satisfies Column[];
  const toRow = (b: RowBlock): Row => {
    const r = b.first;
    return [
      cell(blockIp(b)),
      cell(r.hostname ?? ""),
      statusCell(r),
      cell(r.category, CATEGORY_TONE[r.category]),
      cell(r.responsible),
      cell(r.action),
      cell(formatRisk(r.securityRisk)),
      cell(sourceOf(r)),
      cell(r.detail ?? ""),
    ];
  };
  const ips = ctx.summary.totals.ips;
  return {
    columns,
    rows: () => mapRows(iterateRowBlocks(ctx.triage, ctx.riskMethod), toRow),
    empty: "No IPs in the inputs.",
    after: (rowCount) =>
      rowCount === 0
        ? []
        : [{ kind: "line", text: `${plural(ips, "IP")} (${plural(rowCount, "row")}${ips > rowCount ? "; ranges shown compactly" : ""})`, tone: "muted" }],
  };
}

function authReport(ctx: RenderContext): RowReport {
  const toRow = (r: HostRow): Row => [cell(r.ip ?? NO_IP), cell(r.hostname ?? ""), cell(r.status, "bad"), cell(r.detail ?? ""), cell(r.action), cell(sourceOf(r))];
  return {
    columns: [IP, HOSTNAME, STATUS, DETAIL, ACTION, SOURCE],
    rows: () => mapRows(ctx.rows(), toRow),
    empty: "No authentication failures.",
    after: (rowCount) => (rowCount === 0 ? [] : [{ kind: "line", text: `${plural(rowCount, "IP")} failed authentication`, tone: "muted" }]),
  };
}

function riskReport(ctx: RenderContext): RowReport {
  const count = (n: number | undefined): Row[number] => cell(formatCount(n ?? 0));
  const toRow = (r: HostRow): Row => {
    const f = r.findings;
    return [
      cell(r.ip ?? NO_IP),
      cell(r.hostname ?? ""),
      cell(formatRisk(r.securityRisk)),
      count(f?.confirmed),
      count(f?.potential),
      count(f?.info),
      ...LEVELS.map((level) => count(f?.bySeverity.confirmed[level - 1])),
    ];
  };
  const numeric = (title: string): Column => ({ title, align: "right" });
  const after = (rowCount: number): Block[] =>
    rowCount === 0 ? [] : [{ kind: "line", text: "Sev 1-5: confirmed vulnerabilities by severity level.", tone: "muted" }, ...riskBlocks(ctx.summary.risk)];
  return {
    columns: [IP, HOSTNAME, numeric("Risk"), numeric("Confirmed"), numeric("Potential"), numeric("Info"), ...LEVELS.map((l) => numeric(`Sev ${l}`))],
    rows: () => mapRows(ctx.rows(), toRow),
    empty: "No security risk: no scanned host with findings in the inputs.",
    after,
  };
}

export const ROW_REPORTS: Readonly<Record<RowCommand, (ctx: RenderContext) => RowReport>> = {
  hosts: hostsReport,
  auth: authReport,
  risk: riskReport,
};
