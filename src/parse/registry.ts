/** The readers, by the syntax detection found. Adding an input kind means adding an entry here. */
import type { Syntax } from "../detect/detect-format.js";
import { readScanLog } from "./csv/read-scan-log.js";
import { readQualysXml } from "./qualys/read-qualys-xml.js";
import type { ByteChunks, InputFormat, ReaderContext, ReadResult } from "./reader.js";

export interface InputReader {
  readonly syntax: Syntax;
  read(chunks: ByteChunks, ctx: ReaderContext, expected: InputFormat | null): Promise<ReadResult>;
}

export const READERS: Readonly<Record<Syntax, InputReader>> = {
  csv: { syntax: "csv", read: (chunks, ctx) => readScanLog(chunks, ctx) },
  xml: { syntax: "xml", read: readQualysXml },
};
