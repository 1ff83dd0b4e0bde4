/**
 * What `hosts`, `auth` and `risk` show to people, as a lazily produced table plus closing lines.
 * `hosts` walks the compact row blocks, so an inferred range is one row ("a – b (n IPs)").
 */
import type { HostRow, RowBlock } from "../../aggregate/host-row.js";
import type { RenderContext } from "../renderer.js";
import { CATEGORY_TONE } from "./colors.js";
import { formatCount, formatRisk, plural } from "../../lib/format-number.js";
import { cell, dropInOrder, type Block, type Column, type Row, type RowReport, type Tone } from "./report-model.js";
import { riskBlocks } from "./risk-blocks.js";
import { statusLabel } from "./status-verdicts.js";
import { NO_IP } from "./summary-sections.js";

type RowCommand = Exclude<RenderContext["command"], "summarize">;

const IP: Column = { title: "IP" };
/** `hosts` shows ranges ("a – b (n IPs)"), which wrap; 24 keeps nearly every IPv6 address whole. */
const IP_OR_RANGE: Column = { title: "IP", minWidth: 24 };
const HOSTNAME: Column = { title: "Hostname", maxWidth: 60, minWidth: 20 };
const STATUS: Column = { title: "Status" };
const CATEGORY: Column = { title: "Category" };
const RESPONSIBLE: Column = { title: "Responsible" };
const ACTION: Column = { title: "Action", maxWidth: 44, minWidth: 16 };
const RISK: Column = { title: "Risk", align: "right", placeholder: formatRisk(null) };
const SOURCE: Column = { title: "Source", maxWidth: 60, minWidth: 16 };
const DETAIL: Column = { title: "Detail", maxWidth: 60, minWidth: 20 };
const LEVELS = [1, 2, 3, 4, 5] as const;
const GROUP: Column = { title: "Group", maxWidth: 30, minWidth: 10 };

/** --group-by: the Group column comes first (empty lists when the run is not grouped). */
function groupColumns(ctx: RenderContext): Column[] {
  return ctx.summary.groups === undefined ? [] : [GROUP];
}
function groupCells(ctx: RenderContext, r: HostRow): Row {
  return ctx.summary.groups === undefined ? [] : [cell(r.group === "" ? "(none)" : (r.group ?? ""))];
}

const numeric = (title: string): Column => ({ title, align: "right" });
const CONFIRMED = numeric("Confirmed");
const POTENTIAL = numeric("Potential");
const INFO = numeric("Info");

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

/** The status, marked when unrecognised or on the accept list (the reason is in JSON and CSV). */
function statusCell(row: HostRow, tone?: Tone): Row[number] {
  const label = statusLabel(row.status, row.recognized);
  if (row.accepted) return cell(`${label} (accepted)`, "muted");
  return cell(label, row.recognized ? tone : "warn");
}

/** Counts what a pass over the rows showed, for the line after the table. */
class Shown {
  ips = 0;
  accepted = 0;
  add(row: HostRow, ips: number): void {
    this.ips += ips;
    if (row.accepted) this.accepted += ips;
  }
  reset(): void {
    this.ips = 0;
    this.accepted = 0;
  }
  /** "; 3 accepted" when any row shown is on the accept list. */
  acceptedNote(): string {
    return this.accepted > 0 ? `; ${formatCount(this.accepted)} accepted` : "";
  }
}

function hostsReport(ctx: RenderContext): RowReport {
  // Category, responsible party and action follow from the status (summarize lists them per
  // status) and the source is for tracing a row back, so those give way to what each row alone says.
  const columns = dropInOrder([...groupColumns(ctx), IP_OR_RANGE, HOSTNAME, STATUS, CATEGORY, RESPONSIBLE, ACTION, RISK, SOURCE, DETAIL], [SOURCE, RESPONSIBLE, CATEGORY, ACTION, DETAIL, HOSTNAME]);
  const toRow = (b: RowBlock): Row => {
    const r = b.first;
    return [
      ...groupCells(ctx, r),
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
  const shown = new Shown();
  const total = ctx.summary.totals.ips;
  return {
    columns,
    rows: () => {
      shown.reset();
      return mapRows(ctx.blocks(), (b) => (shown.add(b.first, b.count), toRow(b)));
    },
    empty: ctx.filtered ? `No IP matches the filters (of ${plural(total, "IP")}).` : "No IPs in the inputs.",
    after: (rowCount) => {
      if (rowCount === 0) return [];
      const of = ctx.filtered ? ` shown of ${formatCount(total)}` : "";
      const compact = shown.ips > rowCount ? "; ranges shown compactly" : "";
      return [{ kind: "line", text: `${plural(shown.ips, "IP")}${of} (${plural(rowCount, "row")}${compact}${shown.acceptedNote()})`, tone: "muted" }];
    },
  };
}

function authReport(ctx: RenderContext): RowReport {
  const toRow = (r: HostRow): Row => [...groupCells(ctx, r), cell(r.ip ?? NO_IP), cell(r.hostname ?? ""), statusCell(r, "bad"), cell(r.detail ?? ""), cell(r.action), cell(sourceOf(r))];
  const shown = new Shown();
  return {
    // The detail says why authentication failed; the action is nearly always "Check Credentials".
    columns: dropInOrder([...groupColumns(ctx), IP, HOSTNAME, STATUS, DETAIL, ACTION, SOURCE], [SOURCE, ACTION, HOSTNAME]),
    rows: () => {
      shown.reset();
      return mapRows(ctx.rows(), (r) => (shown.add(r, 1), toRow(r)));
    },
    empty: ctx.filtered ? "No authentication failure matches the filters." : "No authentication failures.",
    after: (rowCount) =>
      rowCount === 0 ? [] : [{ kind: "line", text: `${plural(rowCount, "IP")} failed authentication${shown.acceptedNote().replace(";", ",")}`, tone: "muted" }],
  };
}

function riskReport(ctx: RenderContext): RowReport {
  const count = (n: number | undefined): Row[number] => cell(formatCount(n ?? 0));
  const toRow = (r: HostRow): Row => {
    const f = r.findings;
    return [
      ...groupCells(ctx, r),
      cell(r.ip ?? NO_IP),
      cell(r.hostname ?? ""),
      cell(formatRisk(r.securityRisk)),
      count(f?.confirmed),
      count(f?.potential),
      count(f?.info),
      ...LEVELS.map((level) => count(f?.bySeverity.confirmed[level - 1])),
    ];
  };
  const after = (rowCount: number): Block[] =>
    rowCount === 0
      ? []
      : [
          { kind: "line", text: "Sev 1-5: confirmed vulnerabilities by severity level.", tone: "muted" },
          ...(ctx.filtered ? [{ kind: "line", text: "The figures below are for every host of the inputs, not only the rows shown.", tone: "muted" } as const] : []),
          ...riskBlocks(ctx.summary.risk),
        ];
  return {
    // Confirmed is the sum of Sev 1-5, so it goes before the levels do.
    columns: dropInOrder([...groupColumns(ctx), IP, HOSTNAME, RISK, CONFIRMED, POTENTIAL, INFO, ...LEVELS.map((l) => numeric(`Sev ${l}`))], [INFO, POTENTIAL, HOSTNAME, CONFIRMED]),
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
