/**
 * `--format csv`, for spreadsheets. Row commands print the same objects as JSON / NDJSON (one
 * row per IP, ranges expanded); `summarize` prints a flat `section,key,value` table. Every cell
 * goes through csvCell (formulas neutralised, controls escaped, RFC 4180 quoting). Lines end in
 * "\n", not RFC 4180's CRLF: like every other format here, output is for pipes and scripts on
 * any platform, and spreadsheets read LF files without trouble.
 */
import type { HostRow } from "../aggregate/host-row.js";
import type { Summary } from "../aggregate/summarize.js";
import { RESPONSIBLES } from "../taxonomy/statuses.js";
import { ROW_OBJECT } from "./columns.js";
import type { RenderContext, Renderer } from "./renderer.js";
import { csvCell } from "./sanitize.js";

type RowCommand = keyof typeof ROW_OBJECT;

/**
 * A row with every optional part present (findings, extra). The header is the key list of its row
 * object, so it follows columns.ts without a second list to keep in sync, and it does not depend on
 * the data: an empty result still prints the header, and every line has the same columns.
 */
const FULL_ROW: HostRow = {
  ip: "",
  hostname: "",
  status: "",
  rawStatus: "",
  category: "Scanned",
  responsible: "None",
  action: "",
  recognized: true,
  securityRisk: 0,
  source: "",
  line: 0,
  detail: "",
  os: "",
  evidence: "direct",
  findings: { confirmed: 0, potential: 0, info: 0, bySeverity: { confirmed: [], potential: [], info: [] } },
  duplicates: 0,
  decidedBy: "",
  extra: {},
};

export function csvColumns(command: RowCommand): string[] {
  return Object.keys(ROW_OBJECT[command](FULL_ROW));
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(",")}\n`;
}

function* rowLines(command: RowCommand, rows: Iterable<HostRow>): Generator<string> {
  const columns = csvColumns(command);
  const toObject = ROW_OBJECT[command];
  yield csvLine(columns);
  for (const row of rows) {
    const object = toObject(row);
    yield csvLine(columns.map((key) => object[key]));
  }
}

const SEVERITY_KINDS = ["confirmed", "potential", "info"] as const;

/** The summary as (section, key, value) triples, in the order of the table format. */
export function* summaryTriples(s: Summary): Generator<readonly [string, string, unknown]> {
  yield ["total", "ips", s.totals.ips];
  for (const [k, n] of Object.entries(s.totals.byCategory)) yield ["category", k, n];
  for (const [k, n] of Object.entries(s.totals.byResponsible)) yield ["responsible", k, n];
  for (const r of RESPONSIBLES) for (const a of s.actions[r]) yield ["action", `${r}: ${a.action}`, a.ips];
  for (const [k, n] of Object.entries(s.totals.byStatus)) yield ["status", k, n];
  yield ["risk", "method", s.risk.method];
  yield ["risk", "averageSecurityRisk", s.risk.averageSecurityRisk];
  yield ["risk", "activeHosts", s.risk.activeHosts];
  for (const kind of SEVERITY_KINDS) {
    for (const [i, n] of s.risk.severities[kind].entries()) yield ["risk", `${kind}.severity${i + 1}`, n];
  }
  yield ["authFailures", "count", s.authFailures.count];
  for (const a of s.authFailures.top) yield ["authFailures", a.ip ?? a.hostname ?? "", a.status];
  for (const [k, n] of Object.entries(s.unrecognizedStatuses)) yield ["unrecognized", k, n];
  for (const i of s.inputs) {
    yield ["input", i.path, i.records];
    yield ["classified", i.path, i.classified];
    yield ["skipped", i.path, i.skipped];
  }
  for (const i of s.inputs) for (const w of i.warnings) yield ["warning", i.path, w];
  for (const w of s.warnings) yield ["warning", "", w];
}

function* renderCsv(ctx: RenderContext): Generator<string> {
  if (ctx.command !== "summarize") {
    yield* rowLines(ctx.command, ctx.rows());
    return;
  }
  yield csvLine(["section", "key", "value"]);
  for (const triple of summaryTriples(ctx.summary)) yield csvLine(triple);
}

export const csvRenderer: Renderer = {
  name: "csv",
  description: "CSV for spreadsheets (formulas neutralised); summarize as section,key,value",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderCsv,
};
