/**
 * The discovery scan-log CSV reader (../shared/spec/scan-log-csv.md). Streams: bytes are decoded
 * chunk by chunk, the head of the text decides the delimiter, and the tokenizer yields records in
 * batches; every data row becomes a host observation or a skip with its reason.
 */
import { InputError } from "../../errors.js";
import { formatMessage, message, type Message } from "../../messages/message.js";
import type { ByteChunks, ObservationSink, ReadResult, ReaderContext } from "../reader.js";
import { cleanCell, valueOrNull } from "../../parse/csv/cells.js";
import { OwnClassificationCheck } from "./check-own-classification.js";
import { otherCsv } from "./other-csv.js";
import { matchHeader, scanLogHeaderScore, type HeaderLayout } from "./find-header.js";
import { openCsvTable } from "../../parse/csv/csv-table.js";
import type { CsvRow } from "../../parse/csv/parse-records.js";
import { leanRow, rowToHost, type RowContext } from "./row-to-host.js";
import { CANDIDATE_DELIMITERS, HEADER_SEARCH_ROWS, splitLine } from "../../parse/csv/sniff-delimiter.js";
import { TimeColumnReader, type TimeColumnState } from "../../parse/csv/time-column.js";
import type { CsvProbe } from "../../parse/csv/csv-probe.js";

export interface ReadScanLogOptions {
  /** Reference time for dates without a year (see parse-time.ts); defaults to the clock. */
  readonly now?: number;
  /** Filled in with the read's decoder, tokenizer and rows (a split read steers them, split-scan-log.ts). */
  readonly probe?: ScanLogProbe;
}

export interface ScanLogProbe extends CsvProbe {
  rows: ScanLogRows | null;
}

/** What the rows of a part of a split file came to, for the reader of the whole file (ScanLogRows.absorb). */
export interface ScanLogPartState {
  readonly rows: number;
  readonly classified: number;
  readonly empty: Tally;
  readonly ragged: Tally;
  readonly firstSkip: { readonly line: number; readonly reason: Message } | null;
  readonly times: TimeColumnState;
  readonly own: ReturnType<OwnClassificationCheck["state"]>;
}

interface Tally {
  count: number;
  firstLine: number;
}

const NOT_A_SCAN_LOG =
  `not a scan log: no header row with a target column (IP, IP Address, Target...) and a status column ` +
  `(Status, Scan Status, Result...) in the first ${HEADER_SEARCH_ROWS} non-empty rows`;

/** The first of the lines that, under some delimiter, is a known other document's header. */
function otherCsvIn(lines: readonly string[]): string | null {
  for (const delimiter of CANDIDATE_DELIMITERS) {
    for (const line of lines) {
      const what = otherCsv(splitLine(line, delimiter));
      if (what !== null) return what;
    }
  }
  return null;
}

export async function readScanLog(chunks: ByteChunks, ctx: ReaderContext, options: ReadScanLogOptions = {}): Promise<ReadResult> {
  const table = await openCsvTable(chunks, ctx.path, (m) => ctx.sink.warn(m), scanLogHeaderScore, options.probe);
  if (!("delimiter" in table)) {
    throw new InputError(ctx.path, table.empty ? "the file is empty" : (otherCsvIn(table.lines) ?? NOT_A_SCAN_LOG));
  }
  const rows = new ScanLogRows(ctx, options.now ?? Date.now());
  if (options.probe) options.probe.rows = rows;
  await table.read((row) => rows.read(row));
  return rows.finish();
}

/** Reads the records one by one: title lines, the header, then data rows; counts what it skips. */
export class ScanLogRows {
  private readonly empty: Tally = { count: 0, firstLine: 0 };
  private readonly ragged: Tally = { count: 0, firstLine: 0 };
  private readonly leanHost: ObservationSink["leanHost"];
  private titleLines = 0;
  private rows = 0;
  private classified = 0;
  private firstSkip: { line: number; reason: Message } | null = null;
  private header: { cells: readonly string[]; layout: HeaderLayout; line: number; row: RowContext; own: OwnClassificationCheck; groupAt: number | null } | null = null;
  private readonly times: TimeColumnReader;

  /** `part`: the rows of a part of a split file, after a header read elsewhere (useHeader). */
  constructor(
    private readonly ctx: ReaderContext,
    now: number,
    part = false,
  ) {
    this.times = new TimeColumnReader(now, undefined, part);
    // A group column is read from every row: the lean path reads only target, status and time.
    this.leanHost = ctx.keepDetails === false && ctx.groupColumn === undefined ? ctx.sink.leanHost?.bind(ctx.sink) : undefined;
  }

  read(record: CsvRow): void {
    const line = record.line;
    if (record.isBlank()) {
      if (this.empty.count++ === 0) this.empty.firstLine = line;
      return;
    }
    const header = this.header;
    if (header === null) {
      this.readHeader(record.cells(), line);
      return;
    }
    this.rows++;
    if (this.leanHost && !header.own.active) {
      const ragged = leanRow(record, header.row, this.times, this.leanHost);
      if (ragged !== null) {
        this.classified++;
        if (ragged && this.ragged.count++ === 0) this.ragged.firstLine = line;
        return;
      }
    }
    const cells = record.cells();
    const outcome = rowToHost(cells, line, header.row);
    if (outcome.kind === "skip") {
      this.ctx.sink.skip(line, outcome.reason);
      this.firstSkip ??= { line, reason: outcome.reason };
      return;
    }
    this.classified++;
    if (outcome.ragged && this.ragged.count++ === 0) this.ragged.firstLine = line;
    if (header.own.active) header.own.check(cells, outcome.observation.rawStatus, line);
    if (header.groupAt !== null) {
      this.ctx.sink.host({ ...outcome.observation, group: valueOrNull(cells[header.groupAt]) ?? "" });
      return;
    }
    this.ctx.sink.host(outcome.observation);
  }

  private readHeader(cells: string[], line: number): void {
    const ctx = this.ctx;
    const other = otherCsv(cells);
    if (other !== null) throw new InputError(ctx.path, other, line);
    if (!this.useHeader(cells, line)) {
      if (++this.titleLines >= HEADER_SEARCH_ROWS) throw new InputError(ctx.path, NOT_A_SCAN_LOG);
    }
  }

  /** Takes these cells as the header, if they are one. */
  useHeader(cells: string[], line: number): boolean {
    const ctx = this.ctx;
    const layout = matchHeader(cells);
    if (layout === null) return false;
    const times = this.times;
    const row = { layout, headerNames: cells.map(cleanCell), input: ctx.input, readTime: (c: string, l: number) => times.read(c, l), keepDetails: ctx.keepDetails };
    const group = ctx.groupColumn?.toLowerCase();
    const groupAt = group === undefined ? -1 : row.headerNames.findIndex((name) => name.toLowerCase() === group);
    this.header = { cells, layout, line, row, own: new OwnClassificationCheck(layout, ctx.taxonomy), groupAt: groupAt < 0 ? null : groupAt };
    return true;
  }

  /** The header row's cells, once it has been read. */
  get headerCells(): readonly string[] | null {
    return this.header?.cells ?? null;
  }

  partState(): ScanLogPartState {
    const own = this.header?.own.state() ?? { count: 0, first: null };
    return { rows: this.rows, classified: this.classified, empty: { ...this.empty }, ragged: { ...this.ragged }, firstSkip: this.firstSkip, times: this.times.state(), own };
  }

  /** Whether a part read after the same header, from no time order, reads as it would here. */
  agrees(part: ScanLogPartState): boolean {
    return this.header !== null && this.times.agrees(part.times);
  }

  /** A part read elsewhere (agreeing): its rows and tallies, its lines counted from `lineOffset` + 1. */
  absorb(part: ScanLogPartState, lineOffset: number): void {
    this.rows += part.rows;
    this.classified += part.classified;
    mergeTally(this.empty, part.empty, lineOffset);
    mergeTally(this.ragged, part.ragged, lineOffset);
    if (this.firstSkip === null && part.firstSkip !== null) this.firstSkip = { ...part.firstSkip, line: part.firstSkip.line + lineOffset };
    this.times.absorb(part.times, lineOffset);
    this.header?.own.absorb(part.own, lineOffset);
  }

  finish(): ReadResult {
    const { ctx, header, rows, classified, firstSkip, titleLines, empty, ragged, times } = this;
    if (header === null) throw new InputError(ctx.path, NOT_A_SCAN_LOG);
    // An export that failed half-way, or a document that only looks like a table: an empty result
    // here would pass every CI gate, so it is refused instead.
    if (rows === 0) throw new InputError(ctx.path, `a header (line ${header.line}) but no data rows`);
    if (classified === 0 && firstSkip !== null) {
      throw new InputError(ctx.path, `none of the ${rows} data rows is a scan-log row (first: line ${firstSkip.line}: ${formatMessage(firstSkip.reason)})`);
    }
    const warnings: Message[] = [];
    if (titleLines > 0) warnings.push(message("csv.titleLines", { count: titleLines, headerLine: header.line }));
    if (empty.count > 0) warnings.push(message("csv.emptyLines", { ...empty }));
    if (ragged.count > 0) warnings.push(message("csv.raggedRows", { ...ragged, expected: header.layout.width }));
    warnings.push(...times.warnings(), ...header.own.warnings());
    for (const w of warnings) ctx.sink.warn(w);
    return { format: "scan-log-csv", records: rows, ...(ctx.groupColumn === undefined ? {} : { groupColumnFound: header.groupAt !== null }) };
  }
}

function mergeTally(tally: Tally, part: Tally, lineOffset: number): void {
  if (part.count === 0) return;
  if (tally.count === 0) tally.firstLine = part.firstLine + lineOffset;
  tally.count += part.count;
}
