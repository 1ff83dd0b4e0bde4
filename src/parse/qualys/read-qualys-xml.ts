/**
 * Reads one Qualys XML input in a single streaming pass: the root element picks the reader, the
 * tokenizer feeds it, and problems become one-line InputErrors naming the file and line.
 */
import { lookup } from "../lookup.js";
import { InputError } from "../../errors.js";
import type { ByteChunks, InputFormat, ReaderContext, ReadResult } from "../reader.js";
import { XmlSyntaxError } from "../xml/xml-error.js";
import { XmlTokenizer, type XmlHandler } from "../xml/tokenizer.js";
import { TrailerWatch } from "../xml/trailer-watch.js";
import { AssetReportReader } from "./asset-report-reader.js";
import { DetectionsReader } from "./detections-reader.js";
import type { QualysHandler } from "./qualys-handler.js";
import { ScanReader } from "./scan-reader.js";
import { refuseRoot, SimpleReturnHandler } from "./unsupported-document.js";

const READERS: Readonly<Record<string, new (ctx: ReaderContext) => QualysHandler>> = {
  SCAN: ScanReader,
  ASSET_DATA_REPORT: AssetReportReader,
  HOST_LIST_VM_DETECTION_OUTPUT: DetectionsReader,
};

/** Routes events to the reader chosen by the root element. */
class RootDispatcher implements XmlHandler {
  handler: QualysHandler | SimpleReturnHandler | null = null;
  readonly trailer = new TrailerWatch();
  rootClosedAt = 0;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly expected: InputFormat | null,
  ) {}

  onOpen(name: string, attrs: Record<string, string>, line: number): boolean {
    if (!this.handler) this.handler = this.pick(name);
    return this.handler.onOpen(name, attrs, line);
  }

  onText(text: string): void {
    this.handler?.onText(text);
  }

  onClose(name: string, line: number): void {
    this.handler?.onClose(name, line);
    this.rootClosedAt = line;
  }

  onTrailer(bytes: Buffer): void {
    this.trailer.feed(bytes);
  }

  private pick(root: string): QualysHandler | SimpleReturnHandler {
    if (root === "SIMPLE_RETURN") return new SimpleReturnHandler(this.ctx.path);
    const Reader = lookup(READERS, root);
    if (!Reader) refuseRoot(this.ctx.path, root);
    const reader = new Reader(this.ctx);
    if (this.expected && this.expected !== reader.format) {
      throw new InputError(
        this.ctx.path,
        `--input-format ${this.expected} given, but the root element <${root}> is ${reader.format}: use --input-format ${reader.format}, or leave the option out`,
      );
    }
    return reader;
  }
}

export async function readQualysXml(chunks: ByteChunks, ctx: ReaderContext, expected: InputFormat | null = null): Promise<ReadResult> {
  const dispatcher = new RootDispatcher(ctx, expected);
  const tokenizer = new XmlTokenizer(dispatcher);
  try {
    for await (const chunk of chunks) tokenizer.write(chunk);
    tokenizer.end();
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new InputError(ctx.path, `malformed XML: ${err.reason}`, err.line);
    throw err;
  }
  const handler = dispatcher.handler;
  if (!handler) throw new InputError(ctx.path, "no XML root element found");
  if (dispatcher.trailer.found !== null) {
    throw new InputError(
      ctx.path,
      "a second XML document follows the first one (files joined together?): give each file as its own input",
      dispatcher.rootClosedAt + dispatcher.trailer.found,
    );
  }
  if (handler instanceof SimpleReturnHandler) return handler.finish();
  handler.finish();
  return {
    format: handler.format,
    records: handler.records,
  };
}
