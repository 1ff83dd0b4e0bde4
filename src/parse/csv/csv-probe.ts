/**
 * The decoder and tokenizer of one CSV read, handed out to a caller that reads a file in parts
 * (split-scan-log.ts): between two parts it checks where they stand and moves them past a part
 * read elsewhere. Filled in by the functions that create them.
 */
import type { CsvTokenizer } from "./csv-tokenizer.js";
import type { ByteDecoder } from "./decode-bytes.js";

export interface CsvProbe {
  decoder: ByteDecoder | null;
  tokenizer: CsvTokenizer | null;
  /** Characters of the text that never reach the tokenizer (an Excel `sep=` line). */
  droppedChars: number;
}

export function newCsvProbe(): CsvProbe {
  return { decoder: null, tokenizer: null, droppedChars: 0 };
}

/** Whether every character decoded so far has been through the tokenizer, and its last record is complete. */
export function atRecordBoundary(probe: CsvProbe): boolean {
  const { decoder, tokenizer } = probe;
  return decoder !== null && tokenizer !== null && tokenizer.idle && decoder.charsOut === tokenizer.textChars + probe.droppedChars;
}
