/**
 * Text chunks -> batches of CSV records with the physical line each starts on (csv-tokenizer.ts).
 * Batches, not single records: one await per chunk instead of one per row keeps a million-row log
 * fast. Empty lines come through as records (`[""]`) so the caller can count them.
 */
import { InputError } from "../../cli/errors.js";
import { CsvSyntaxError, CsvTokenizer, type CsvRecord } from "./csv-tokenizer.js";

export type { CsvRecord } from "./csv-tokenizer.js";

export interface ParseRecordsOptions {
  readonly delimiter: string;
  /** Line number of the first line of the text (2 after an Excel `sep=` line). */
  readonly firstLine: number;
  /** For error messages. */
  readonly path: string;
}

/** A record this large means a quote was never closed; stop before it eats all memory. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

function describe(err: CsvSyntaxError): string {
  return err.kind === "unclosed-quote"
    ? "a quoted field starting on this line is not closed by the end of the file (cut off?)"
    : `a record starting on this line is longer than ${MAX_RECORD_CHARS} characters (a quote not closed?)`;
}

export async function* parseCsvRecordBatches(text: AsyncIterable<string>, options: ParseRecordsOptions): AsyncGenerator<CsvRecord[]> {
  let tokenizer: CsvTokenizer;
  try {
    tokenizer = new CsvTokenizer(options.delimiter, options.firstLine, MAX_RECORD_CHARS);
  } catch {
    throw new InputError(options.path, `cannot use ${JSON.stringify(options.delimiter)} as the delimiter`);
  }
  try {
    for await (const chunk of text) {
      const batch = tokenizer.push(chunk);
      if (batch.length > 0) yield batch;
    }
    const last = tokenizer.end();
    if (last.length > 0) yield last;
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new InputError(options.path, describe(err), err.line);
    throw err;
  }
}

/** One record at a time (convenient in tests). */
export async function* parseCsvRecords(text: AsyncIterable<string>, options: ParseRecordsOptions): AsyncGenerator<CsvRecord> {
  for await (const batch of parseCsvRecordBatches(text, options)) yield* batch;
}
