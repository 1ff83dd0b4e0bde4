/**
 * One data row -> a host observation, or the reason it cannot be counted. Blank rows are the
 * caller's business. Cells are taken as text; nothing in them is evaluated.
 */
import { message, type Message } from "../../messages/message.js";
import type { HostObservation } from "../../model/observation.js";
import { looksLikeHostname, parseIp, parseIpv4 } from "../../net/ip.js";
import type { ObservationSink } from "../reader.js";
import { cleanCell, isPlaceholder, valueOrNull } from "../../parse/csv/cells.js";
import { isAsciiSpace, type CsvRow } from "../../parse/csv/csv-tokenizer.js";
import type { TimeColumnReader } from "../../parse/csv/time-column.js";
import { fieldForHeader, overflowKey, type HeaderLayout } from "./find-header.js";

export type RowOutcome =
  | { readonly kind: "host"; readonly observation: HostObservation; readonly ragged: boolean }
  | { readonly kind: "skip"; readonly reason: Message };

export interface RowContext {
  readonly layout: HeaderLayout;
  /** Header texts, to name columns in skip reasons. */
  readonly headerNames: readonly string[];
  readonly input: number;
  readonly readTime: (cell: string, line: number) => number | null;
  /** False when only the summary is wanted: the OS and extra columns are not even collected. */
  readonly keepDetails?: boolean;
}

/** `Total 31`, `Grand total: 31`, `31 records`: summary lines spreadsheets add below the data. */
const FOOTER = /^(grand\s+)?(total|sum|count)\b|^\d+\s+(rows?|records?|items?|entries|results?|hosts?|ips?|targets?)\b/i;

/**
 * The common row, fast, read straight from the row's text: a bare IPv4 target, no hostname.
 * Emits through the sink's leanHost and returns whether the row was ragged; null (having done
 * nothing) when the row needs rowToHost. The message cell is made into a string only if the
 * sink asks for it (see LazyText).
 */
export function leanRow(
  row: CsvRow,
  ctx: RowContext,
  times: TimeColumnReader,
  leanHost: NonNullable<ObservationSink["leanHost"]>,
): boolean | null {
  const { fields } = ctx.layout;
  const targetAt = fields.target ?? 0;
  const statusAt = fields.status ?? 0;
  if (row.count <= Math.max(targetAt, statusAt) || !row.isSpan(targetAt)) return null;
  const text = row.text;
  let start = row.starts[targetAt] as number;
  let end = row.ends[targetAt] as number;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  const v4 = parseIpv4(text, start, end);
  if (v4 === null) return null;
  if (fields.hostname !== undefined && !isEmptyCell(row, fields.hostname)) return null;
  const timeAt = fields.time;
  let time: number | null = null;
  if (timeAt !== undefined) {
    time = row.isSpan(timeAt) ? times.readSpan(text, row.starts[timeAt] as number, row.ends[timeAt] as number, row.line) : times.read(cleanCell(row.cell(timeAt)), row.line);
  }
  lazyMessage.row = row;
  lazyMessage.at = fields.message ?? -1;
  leanHost(v4, valueOrNull(row.cell(statusAt)) ?? "", lazyMessage, time, row.line);
  lazyMessage.row = null;
  return row.count !== ctx.layout.width;
}

/** The message cell of the row being passed to leanHost, made only when read. */
const lazyMessage = {
  row: null as CsvRow | null,
  at: -1,
  read(): string | null {
    return this.row === null || this.at < 0 ? null : valueOrNull(this.row.cell(this.at));
  },
};

/** Whether a cell is empty or a placeholder, without making a string of a long cell. */
function isEmptyCell(row: CsvRow, i: number): boolean {
  if (row.isSpan(i)) {
    const text = row.text;
    let start = row.starts[i] as number;
    let end = row.ends[i] as number;
    while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
    while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
    if (start === end) return true;
    // Longer than any placeholder and not edged with other whitespace: certainly a value.
    if (end - start > 6 && text.charCodeAt(start) < 0x80 && text.charCodeAt(end - 1) < 0x80) return false;
  }
  return valueOrNull(row.cell(i)) === null;
}

export function rowToHost(cells: readonly string[], line: number, ctx: RowContext): RowOutcome {
  const { fields } = ctx.layout;
  const targetAt = fields.target ?? 0;
  const statusAt = fields.status ?? 0;
  if (cells.length <= Math.max(targetAt, statusAt)) {
    const footer = footerText(cells);
    if (footer !== null) return skip("csv.skip.footer", { text: footer });
    const missing = cells.length <= targetAt ? ctx.headerNames[targetAt] : ctx.headerNames[statusAt];
    return skip("csv.skip.missingColumns", { cells: cells.length, expected: ctx.layout.width, missing: missing ?? "" });
  }
  const targetCell = cleanCell(cells[targetAt]);
  const ip = parseIp(targetCell);
  let targetName: string | null = null;
  if (ip === null) {
    // Only a row that is not an address may be a summary line: never lose a real target to this guess.
    const footer = footerText(cells);
    if (footer !== null) return skip("csv.skip.footer", { text: footer });
    // Concatenated exports repeat the header; "IP" would otherwise pass for a hostname.
    if (fieldForHeader(targetCell) === "target" && fieldForHeader(cleanCell(cells[statusAt])) === "status") {
      return skip("csv.skip.repeatedHeader", {});
    }
    if (isPlaceholder(targetCell)) return skip("csv.skip.emptyTarget", { column: ctx.headerNames[targetAt] ?? "" });
    targetName = hostnameTarget(targetCell);
    if (targetName === null) return skip("csv.skip.badTarget", { text: targetCell });
  }
  const hostnameCell = fields.hostname === undefined ? null : valueOrNull(cells[fields.hostname]);
  const keep = ctx.keepDetails !== false;
  const extra = keep ? extraColumns(cells, ctx.layout) : undefined;
  if (extra && targetName !== null && hostnameCell !== null && hostnameCell !== targetName) extra.hostname = hostnameCell;
  const timeCell = fields.time === undefined ? "" : cleanCell(cells[fields.time]);
  const observation: HostObservation = {
    ip: ip?.text ?? null,
    address: ip ?? undefined,
    hostname: targetName ?? hostnameCell,
    // `N/A`, `-` and an empty cell all mean "no status": one unrecognised "(empty)", not three.
    rawStatus: valueOrNull(cells[statusAt]) ?? "",
    detail: fields.message === undefined ? null : valueOrNull(cells[fields.message]),
    time: ctx.readTime(timeCell, line),
    evidence: "direct",
    input: ctx.input,
    line,
    os: !keep || fields.os === undefined ? null : valueOrNull(cells[fields.os]),
    extra,
  };
  return { kind: "host", observation, ragged: cells.length !== ctx.layout.width };
}

function skip(code: Parameters<typeof message>[0], args: Record<string, string | number>): RowOutcome {
  return { kind: "skip", reason: message(code, args) };
}

/** A hostname in the target column, with a `:port` suffix dropped; null if it is not one. */
function hostnameTarget(cell: string): string | null {
  const name = cell.replace(/:\d{1,5}$/, "");
  return looksLikeHostname(name) ? name : null;
}

/** The row's text if it looks like a summary line (one or two cells, the first like `Total 31`). */
function footerText(cells: readonly string[]): string | null {
  const filled: string[] = [];
  for (const cell of cells) {
    const c = cleanCell(cell);
    if (c === "") continue;
    if (filled.push(c) > 2) return null;
  }
  return filled[0] !== undefined && FOOTER.test(filled[0]) ? filled.join(" ") : null;
}

/** Unrecognised columns and the fields kept as-is (job, appliance, ...), non-empty values only. */
function extraColumns(cells: readonly string[], layout: HeaderLayout): Record<string, string> {
  // No prototype: header texts are untrusted and could be "__proto__".
  const extra = Object.create(null) as Record<string, string>;
  for (let i = 0; i < cells.length; i++) {
    const key = i < layout.width ? layout.extraKeys[i] : overflowKey(i);
    if (!key) continue;
    const value = valueOrNull(cells[i]);
    if (value !== null) extra[key] = value;
  }
  return extra;
}
