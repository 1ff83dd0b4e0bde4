/**
 * One large scan log read on several cores. The file is cut just after line feeds (a byte 0x0A is
 * never inside a UTF-8 or Windows-1252 character); each part is parsed on a worker thread as the
 * rows after the header, with what the head of the file decided (encoding, delimiter, header row)
 * given to it. This thread reads the first part (the head) and some others itself and, at the
 * rest, replays what the workers observed, in file order, and counts the part's lines and rows as
 * read: every line number, count and warning is what a single pass gives. Unlike an XML host list,
 * what the triage does with a row (which only this thread can do, in order) is a large share of
 * reading it: replaying a part costs this thread less than half of reading it, parsing it costs a
 * worker about three fifths. So with one worker this thread reads every third part too (better
 * than none, every second or every sixth when measured); two or more workers keep up without it.
 *
 * A cut is only a guess (a line feed may sit inside a quoted cell): a part is used only if it
 * parsed from its start, taken as the start of a record, to exactly its end with every record
 * complete, and this thread, having read or replayed everything before the part, stands at a
 * record boundary there with the same header and encoding. A part that met a date whose day/month order it had not
 * learned yet is used only if the order this thread knows would have read it the same. Otherwise
 * this thread reads the part itself: the answer never depends on the cuts, only the speed does.
 * UTF-16 files, and files with no line feed near a cut, are read in one pass.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../../errors.js";
import { ByteDecoder, DECODE_PIECE_BYTES, InvalidUtf8 } from "../../parse/csv/decode-bytes.js";
import { atRecordBoundary, newCsvProbe } from "../../parse/csv/csv-probe.js";
import { openCsvTable } from "../../parse/csv/csv-table.js";
import { CsvSyntaxError, CsvTokenizer } from "../../parse/csv/csv-tokenizer.js";
import { MAX_RECORD_CHARS } from "../../parse/csv/parse-records.js";
import { fileRange } from "../../read/file-range.js";
import type { InputFormat } from "../input-formats.js";
import { UNWATCHED, type ObservationSink, type ReaderContext, type ReadResult, type ReadWatch } from "../reader.js";
import { partCount, type FragmentOutcome, type FragmentRunner, type PartParse } from "../split-parts.js";
import { scanLogHeaderScore } from "./find-header.js";
import { readScanLog, ScanLogRows, type ScanLogPartState, type ScanLogProbe } from "./read-scan-log.js";

/** A part of a scan log to parse elsewhere, and what the head of the file decided. */
export interface ScanLogPart {
  readonly kind: "scan-log";
  readonly path: string;
  /** The format's name (an InputFormat; a string here, as the format list refers to this type). */
  readonly format: string;
  readonly start: number;
  readonly end: number;
  /** The file's size: the part that ends there ends as the file does (a last row without a line end). */
  readonly size: number;
  readonly encoding: "utf-8" | "windows-1252";
  readonly delimiter: string;
  /** The header row's cells. */
  readonly header: readonly string[];
  /** The reference time for dates without a year, the same for every part. */
  readonly now: number;
}

/** What a worker's part came to (PartParse.state). */
interface PartState {
  readonly rows: ScanLogPartState;
  readonly nonAscii: boolean;
  readonly bytes: number;
}

/** Where the head is read to find the header: a header below this is read in one pass. */
const HEAD_PROBE_BYTES = 4 * 1024 * 1024;
/** How far past a guessed cut a line feed is looked for. */
const WINDOW = 64 * 1024;

/** What the head of the file decides, found by reading it as the whole file's reader will. */
interface Head {
  readonly encoding: "utf-8" | "windows-1252";
  readonly delimiter: string;
  readonly header: readonly string[];
  /** Bytes the reader takes before its first record (the text it holds to choose the delimiter). */
  readonly bytes: number;
}

const NO_SINK: ObservationSink = {
  host: () => undefined,
  range: () => undefined,
  hostnameTarget: () => undefined,
  warn: () => undefined,
  detectionPage: () => undefined,
  statedAverageRisk: () => undefined,
  skip: () => undefined,
};

const FOUND = Symbol("header found");

async function readHead(path: string, size: number, ctx: ReaderContext): Promise<Head | null> {
  const probe = newCsvProbe();
  const table = await openCsvTable(fileRange(path, 0, Math.min(size, HEAD_PROBE_BYTES)), path, () => undefined, scanLogHeaderScore, probe);
  if (!("delimiter" in table)) return null;
  const bytes = probe.decoder?.bytesIn ?? 0;
  const rows = new ScanLogRows({ ...ctx, sink: NO_SINK }, 0);
  try {
    await table.read((row) => {
      rows.read(row);
      if (rows.headerCells !== null) throw FOUND;
    });
  } catch (err) {
    if (err !== FOUND) return null;
  }
  const header = rows.headerCells;
  const encoding = probe.decoder?.encodingName;
  if (header === null || (encoding !== "utf-8" && encoding !== "windows-1252")) return null;
  return { encoding, delimiter: table.delimiter, header, bytes };
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/**
 * Part boundaries: 0, then just after a line feed near each even share of the file past the head,
 * then the size. Null when there is not a second part.
 */
function planCuts(path: string, size: number, headBytes: number, parts: number): number[] | null {
  const fd = openSync(path, "r");
  try {
    const cuts = [0];
    const first = Math.max(headBytes, size / parts);
    const step = (size - first) / (parts - 1);
    for (let i = 0; i < parts - 1; i++) {
      const guess = Math.floor(first + i * step);
      const window = readAt(fd, guess, Math.min(WINDOW, size - guess));
      const lf = window.indexOf(0x0a);
      const cut = lf < 0 ? -1 : guess + lf + 1;
      if (cut > (cuts[cuts.length - 1] as number) && cut < size) cuts.push(cut);
    }
    cuts.push(size);
    return cuts.length < 3 ? null : cuts;
  } finally {
    closeSync(fd);
  }
}

/**
 * The scan log at `path` read with parts parsed by `runner`; a normal single pass when the file
 * cannot be split. The result is the single pass's, observation for observation.
 */
export async function readScanLogSplit(path: string, size: number, ctx: ReaderContext, runner: FragmentRunner, format: InputFormat, watch: ReadWatch = UNWATCHED): Promise<ReadResult> {
  const now = Date.now();
  const whole = () => readScanLog(watch.chunks(size, fileRange(path, 0, size, true)), ctx, { now });
  const head = await readHead(path, size, ctx);
  const threads = runner.workers + 1;
  const planned = head === null ? null : planCuts(path, size, head.bytes, partCount(size, threads, runner));
  if (head === null || planned === null) return whole();
  const cuts: readonly number[] = planned;
  const spec = { kind: "scan-log" as const, path, format, size, encoding: head.encoding, delimiter: head.delimiter, header: head.header, now };
  // The workers offer the lean path exactly when this thread's reader takes it.
  const lean = ctx.keepDetails === false && ctx.groupColumn === undefined && ctx.sink.leanHost !== undefined;
  const probe: ScanLogProbe = { ...newCsvProbe(), rows: null };
  const parts = cuts.length - 1;
  const readsItself = (i: number) => i === 0 || (runner.workers === 1 && i % 3 === 0);

  async function* chunks(): AsyncGenerator<Buffer> {
    const outcomes = new Map<number, Promise<FragmentOutcome>>();
    // Parts are handed out a few ahead of the replay: a worker faster than this thread waits
    // instead of piling up observations, so memory stays flat however large the file is.
    let handedOut = 1;
    const handOut = (upTo: number) => {
      for (; handedOut < Math.min(parts, upTo); handedOut++) {
        const i = handedOut;
        if (readsItself(i)) continue;
        const outcome = runner.runFragment({ ...spec, start: cuts[i] as number, end: cuts[i + 1] as number }, ctx.input, lean);
        // Awaited in order below; one this thread never reaches (an error before it) must not go unhandled.
        outcome.catch(() => undefined);
        outcomes.set(i, outcome);
      }
    };
    for (let i = 0; i < parts; i++) {
      handOut(i + 1 + 2 * runner.workers);
      const start = cuts[i] as number;
      const pending = outcomes.get(i);
      outcomes.delete(i);
      const outcome = pending === undefined ? null : await pending;
      const at = outcome?.valid === true ? fits(outcome.state as PartState, start) : null;
      if (outcome?.valid === true && at !== null) {
        const state = outcome.state as PartState;
        const lineOffset = at.tokenizer.line - 1;
        outcome.replay(ctx.sink, lineOffset);
        at.rows.absorb(state.rows, lineOffset);
        at.tokenizer.skipLines(outcome.newlines);
        at.decoder.skip(state.bytes, state.nonAscii);
        watch.elsewhere?.((cuts[i + 1] as number) - start);
      } else yield* fileRange(path, start, cuts[i + 1] as number);
    }
  }

  /**
   * Where this thread stands, if a part parsed elsewhere reads here as it did there: this thread
   * has read every byte before it and stands between two records, after the same header, in the
   * same encoding, with a time order that agrees with the part's.
   */
  function fits(state: PartState, start: number) {
    const { decoder, tokenizer, rows } = probe;
    if (decoder === null || tokenizer === null || rows === null) return null;
    const fit =
      decoder.bytesIn === start &&
      atRecordBoundary(probe) &&
      decoder.readsLike(spec.encoding, state.nonAscii) &&
      tokenizer.delimiterChar === spec.delimiter &&
      sameCells(rows.headerCells, spec.header) &&
      rows.agrees(state.rows);
    return fit ? { decoder, tokenizer, rows } : null;
  }

  return readScanLog(watch.chunks(size, chunks()), ctx, { now, probe });
}

function sameCells(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((cell, i) => cell === b[i]);
}

/**
 * A worker's side: parse one part into ctx.sink as the rows after the header. Null when the part
 * did not end at a record boundary, or is not valid in the file's encoding, or a row is broken:
 * the reader of the whole file then reads it itself, and reports any error with its true line.
 */
export async function parseScanLogPart(spec: ScanLogPart, ctx: ReaderContext): Promise<PartParse | null> {
  const decoder = new ByteDecoder(() => undefined, undefined, { encoding: spec.encoding });
  const tokenizer = new CsvTokenizer(spec.delimiter, 1, MAX_RECORD_CHARS);
  const rows = new ScanLogRows(ctx, spec.now, true);
  if (!rows.useHeader([...spec.header], 0)) return null;
  const onRow = rows.read.bind(rows);
  try {
    for await (const chunk of fileRange(spec.path, spec.start, spec.end)) {
      for (let at = 0; at < chunk.length; at += DECODE_PIECE_BYTES) {
        const text = decoder.push(chunk.subarray(at, at + DECODE_PIECE_BYTES));
        if (text !== "") tokenizer.pushRows(text, onRow);
      }
    }
    if (spec.end === spec.size) {
      const text = decoder.end();
      if (text !== "") tokenizer.pushRows(text, onRow);
      tokenizer.endRows(onRow);
    } else if (!tokenizer.idle) return null;
  } catch (err) {
    // The reader of the whole file reads the part again and reports a problem as one pass would.
    if (err instanceof InvalidUtf8 || err instanceof CsvSyntaxError || err instanceof InputError) return null;
    throw err;
  }
  const state: PartState = { rows: rows.partState(), nonAscii: decoder.nonAscii, bytes: spec.end - spec.start };
  return { state, newlines: tokenizer.line - 1 };
}
