/**
 * Text chunks -> CSV records with the physical line each starts on, streaming through csv-parse.
 * RFC 4180 quoting (delimiters, doubled quotes and line breaks inside quotes), CRLF, LF and CR
 * line ends, even mixed. Empty lines come through as records (`[""]`) so the caller can count them.
 */
import { Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, Parser } from "csv-parse";
import { InputError } from "../../cli/errors.js";

export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based physical line where the record starts. */
  readonly line: number;
}

export interface ParseRecordsOptions {
  readonly delimiter: string;
  /** Line number of the first line of the text (2 after an Excel `sep=` line). */
  readonly firstLine: number;
  /** For error messages. */
  readonly path: string;
}

/** A record this large means a quote was never closed; stop before it eats all memory. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

interface Failure {
  readonly failure: unknown;
}

/**
 * csv-parse, with its errors passed down the stream after the records before them. A stream that
 * fails drops the records it still buffers, and with them the count of lines that says where the
 * failing record starts.
 */
class InBandErrorParser extends Parser {
  private failed = false;

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failed) return callback();
    super._transform(chunk, encoding, (err) => this.settle(err, callback));
  }

  override _flush(callback: TransformCallback): void {
    if (this.failed) return callback();
    super._flush((err) => this.settle(err, callback));
  }

  private settle(err: Error | null | undefined, callback: TransformCallback): void {
    if (err) {
      this.failed = true;
      this.push({ failure: err } satisfies Failure);
    }
    callback();
  }
}

export async function* parseCsvRecords(text: AsyncIterable<string>, options: ParseRecordsOptions): AsyncGenerator<CsvRecord> {
  let parser: InBandErrorParser;
  try {
    parser = new InBandErrorParser({
      delimiter: options.delimiter,
      // Listed longest first, so CRLF is one line end and a mix of conventions still works.
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
    });
  } catch (err) {
    throw new InputError(options.path, `cannot use ${JSON.stringify(options.delimiter)} as the delimiter (${errorText(err)})`);
  }
  // Errors of the source surface through the iteration below; this only avoids an unhandled rejection.
  const feeding = pipeline(Readable.from(text), parser).catch(() => undefined);
  let line = options.firstLine;
  try {
    for await (const item of parser as AsyncIterable<string[] | Failure>) {
      if (!Array.isArray(item)) throw item.failure;
      yield { cells: item, line };
      // csv-parse's own line count is off for CRLF inside quoted fields; count line breaks here.
      line += 1 + lineBreaks(item);
    }
  } catch (err) {
    if (err instanceof CsvError) throw new InputError(options.path, describe(err), line);
    throw err;
  } finally {
    parser.destroy();
    await feeding;
  }
}

function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf("\n") < 0 && cell.indexOf("\r") < 0) continue;
    n += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return n;
}

function describe(err: CsvError): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field starting on this line is not closed by the end of the file (cut off?)";
    case "CSV_MAX_RECORD_SIZE":
      return `a record starting on this line is longer than ${MAX_RECORD_CHARS} characters (a quote not closed?)`;
    default:
      return `not readable as CSV (${err.message})`;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
