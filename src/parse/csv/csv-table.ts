/**
 * The first steps every CSV reader takes: decode the bytes (UTF-8, UTF-16 or Windows-1252), hold
 * the head of the text, take the delimiter from an Excel `sep=` line or from the line the format
 * recognises as its header, then stream the records. What a row means is the format's business.
 */
import type { Message } from "../../messages/message.js";
import type { CsvProbe } from "./csv-probe.js";
import { decodeChunks } from "./decode-bytes.js";
import { readCsvRows, type CsvRow } from "./parse-records.js";
import { readSepLine, sampleLines, sniffDelimiter, type HeaderScore } from "./sniff-delimiter.js";
import { readTextHead } from "./text-head.js";

export interface CsvTable {
  readonly delimiter: string;
  /** Every record after the `sep=` line, blank lines included, each seen while its text is at hand. */
  readonly read: (onRow: (row: CsvRow) => void) => Promise<void>;
}

/** No line of the head is a header of the format: the head's first non-empty lines, to say why. */
export interface NoCsvTable {
  readonly lines: readonly string[];
  /** The input holds nothing but white space. */
  readonly empty: boolean;
}

export async function openCsvTable(
  chunks: AsyncIterable<Buffer>,
  path: string,
  warn: (m: Message) => void,
  score: HeaderScore,
  probe?: CsvProbe,
): Promise<CsvTable | NoCsvTable> {
  const head = await readTextHead(decodeChunks(chunks, warn, probe));
  const sep = readSepLine(head.text);
  const from = sep?.length ?? 0;
  const lines = sampleLines(head.text.slice(from), head.complete);
  const delimiter = sep?.delimiter ?? sniffDelimiter(lines, score);
  if (delimiter === null) {
    await head.close();
    return { lines, empty: head.complete && head.text.trim() === "" };
  }
  if (probe) probe.droppedChars = from;
  return { delimiter, read: (onRow) => readCsvRows(head.rest(from), { delimiter, firstLine: sep ? 2 : 1, path }, onRow, probe) };
}
