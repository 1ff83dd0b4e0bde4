/**
 * Text chunks -> CSV records with the physical line each starts on (csv-tokenizer.ts), each seen
 * by a callback as a row view while its text is at hand: no array or string per cell unless the
 * caller asks. Empty lines come through as records (one empty cell) so the caller can count them.
 */
import { InputError } from "../../errors.js";
import type { CsvProbe } from "./csv-probe.js";
import { CsvSyntaxError, CsvTokenizer, type CsvRecord, type CsvRow } from "./csv-tokenizer.js";

export type { CsvRecord, CsvRow } from "./csv-tokenizer.js";

export interface ParseRecordsOptions {
  readonly delimiter: string;
  /** Line number of the first line of the text (2 after an Excel `sep=` line). */
  readonly firstLine: number;
  /** For error messages. */
  readonly path: string;
}

/** A record this large means a quote was never closed; stop before it eats all memory. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

export function describeCsvSyntaxError(err: CsvSyntaxError): string {
  return err.kind === "unclosed-quote"
    ? "a quoted field starting on this line is not closed by the end of the file (cut off?)"
    : `a record starting on this line is longer than ${MAX_RECORD_CHARS} characters (a quote not closed?)`;
}

/** Read every record of the text, in order; syntax errors become InputErrors naming the line. */
export async function readCsvRows(text: AsyncIterable<string>, options: ParseRecordsOptions, onRow: (row: CsvRow) => void, probe?: CsvProbe): Promise<void> {
  let tokenizer: CsvTokenizer;
  try {
    tokenizer = new CsvTokenizer(options.delimiter, options.firstLine, MAX_RECORD_CHARS);
    if (probe) probe.tokenizer = tokenizer;
  } catch {
    throw new InputError(options.path, `cannot use ${JSON.stringify(options.delimiter)} as the delimiter`);
  }
  try {
    for await (const chunk of text) tokenizer.pushRows(chunk, onRow);
    tokenizer.endRows(onRow);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new InputError(options.path, describeCsvSyntaxError(err), err.line);
    throw err;
  }
}

/** The records as strings, all at once (convenient in tests). */
export async function parseCsvRecords(text: AsyncIterable<string>, options: ParseRecordsOptions): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  await readCsvRows(text, options, (row) => out.push({ cells: row.cells(), line: row.line }));
  return out;
}
