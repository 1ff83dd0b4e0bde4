/**
 * Reads one Qualys XML input in a single streaming pass: the root element picks the reader, the
 * tokenizer feeds it, and problems become one-line InputErrors naming the file and line.
 */
import { InputError } from "../../errors.js";
import type { InputFormat } from "../input-formats.js";
import type { ByteChunks, ReaderContext, ReadResult } from "../reader.js";
import { XmlSyntaxError } from "../../parse/xml/xml-error.js";
import { XmlTokenizer, type OpenAnswer, type XmlHandler } from "../../parse/xml/tokenizer.js";
import { TrailerWatch } from "../../parse/xml/trailer-watch.js";
import type { QualysHandler } from "./qualys-handler.js";
import { refuseRoot, SimpleReturnHandler } from "./unsupported-document.js";

/** A Qualys XML document this reader knows: its root element, the handler and the format name. */
export interface XmlRoot {
  readonly root: string;
  readonly format: InputFormat;
  readonly description: string;
  readonly Handler: new (ctx: ReaderContext) => QualysHandler;
}

/** The reading of one document, as it goes: its handler once the root element chose it, and its tokenizer. */
export interface XmlReading {
  handler: QualysHandler | SimpleReturnHandler | null;
  tokenizer: XmlTokenizer | null;
}

/** Routes events to the reader chosen by the root element. */
class RootDispatcher implements XmlHandler {
  handler: QualysHandler | SimpleReturnHandler | null = null;
  format: InputFormat | null = null;
  readonly trailer = new TrailerWatch();
  rootClosedAt = 0;
  onHandler: ((h: QualysHandler | SimpleReturnHandler) => void) | null = null;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly roots: readonly XmlRoot[],
    private readonly expected: InputFormat | null,
  ) {}

  onOpen(name: string, attrs: Record<string, string>, line: number): OpenAnswer {
    if (!this.handler) {
      this.handler = this.pick(name);
      this.onHandler?.(this.handler);
    }
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
    const known = this.roots.find((r) => r.root === root);
    if (!known) refuseRoot(this.ctx.path, root, this.roots);
    if (this.expected && this.expected !== known.format) {
      throw new InputError(
        this.ctx.path,
        `--input-format ${this.expected} given, but the root element <${root}> is ${known.format}: use --input-format ${known.format}, or leave the option out`,
      );
    }
    this.format = known.format;
    return new known.Handler(this.ctx);
  }
}

/**
 * `roots`: the XML documents of the format list; `expected`: the format detection or --input-format
 * chose (null: whichever the root element names).
 */
export async function readQualysXml(
  chunks: ByteChunks,
  ctx: ReaderContext,
  roots: readonly XmlRoot[],
  expected: InputFormat | null,
  /** Told which handler and tokenizer read the document (split-host-list.ts looks at their state). */
  reading?: XmlReading,
): Promise<ReadResult> {
  const dispatcher = new RootDispatcher(ctx, roots, expected);
  const tokenizer = new XmlTokenizer(dispatcher);
  if (reading) {
    dispatcher.onHandler = (h) => (reading.handler = h);
    reading.tokenizer = tokenizer;
  }
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
  const format = dispatcher.format;
  if (format === null) throw new InputError(ctx.path, "no XML root element found");
  return { format, records: handler.records, classified: handler.classified };
}
