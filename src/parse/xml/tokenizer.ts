/**
 * A streaming, byte-level XML tokenizer for large Qualys exports. It reads UTF-8 (or ISO-8859-1)
 * bytes chunk by chunk, keeps only a small carry-over between chunks, and turns text into strings
 * only for the elements whose handler asks for it: most of a scan file is descriptive text nobody
 * reads, and skipping it is what makes the tokenizer fast.
 *
 * It accepts well-formed XML plus the quirks of real Qualys files (see shared/spec/qualys-xml.md):
 * white space before the XML declaration, comments anywhere, anything at all after the root element
 * (ignored). DTDs are skipped, never processed.
 */
import { AMP, BANG, GT, LT, QUESTION, SLASH, isNameStart, isPrefixOfAscii, isWhitespace, latin1Text, scanName, skipWhitespace, startsWithAscii } from "./bytes.js";
import { decodeAttributeValue } from "./attributes.js";
import { LineCounter } from "./line-counter.js";
import { NameCache } from "./name-cache.js";
import { declaredEncoding, documentStart, skipDoctype } from "./prolog.js";
import { TextCapture } from "./text-capture.js";
import { XmlSyntaxError } from "./xml-error.js";

export type XmlAttributes = Readonly<Record<string, string>>;

/**
 * onOpen's answer for an element nobody reads: no events for anything inside it and no onClose for
 * it. Its content is still checked as XML (same errors, same lines); only the events are saved.
 */
export const SKIP_ELEMENT = 2;
/** true: give me the element's text; SKIP_ELEMENT: see there; false or nothing: events as usual. */
export type OpenAnswer = boolean | void | typeof SKIP_ELEMENT;

export interface XmlHandler {
  /**
   * A start tag (also for `<X/>`). `attrs` maps attribute names to decoded values; it is a shared
   * empty object when there are none, so do not modify it. Return true to receive the element's text,
   * SKIP_ELEMENT to hear nothing more of it.
   */
  onOpen(name: string, attrs: XmlAttributes, line: number): OpenAnswer;
  /**
   * The text of an element whose onOpen returned true, once, just before its onClose: its direct
   * character data and CDATA sections concatenated in document order, references decoded, line ends
   * normalised to LF, not trimmed. Text inside child elements is not included. `truncated` is true
   * when it was longer than maxTextBytes and only the first maxTextBytes bytes were kept.
   */
  onText?(text: string, truncated: boolean): void;
  /** An end tag (or the end of `<X/>`), with the line of its '<'. */
  onClose(name: string, line: number): void;
  /**
   * Bytes after the root element closed (not tokenised: comments, a form feed, junk). Given so
   * that a caller can notice a second document glued behind the first.
   */
  onTrailer?(bytes: Buffer): void;
}

export interface XmlTokenizerOptions {
  /** Cap on the UTF-8 bytes of text kept for one element (default 1 MiB). */
  maxTextBytes?: number;
}

const DEFAULT_MAX_TEXT = 1 << 20;
/** A tag, XML declaration or DOCTYPE must fit in this many bytes: beyond it the file is broken. */
const MAX_MARKUP_BYTES = 4 << 20;
/** How much of a new chunk is first joined to the carried bytes (see write). */
const HEAD_BYTES = 4096;

const PROLOG = 0;
const CONTENT = 1;
const DONE = 2;

/** Long constructs consumed in place, across chunks, without being held whole. */
const IN_NONE = 0;
const IN_COMMENT = 1;
const IN_CDATA = 2;
const IN_PI = 3;
const TERMINATORS = [Buffer.alloc(0), Buffer.from("-->"), Buffer.from("]]>"), Buffer.from("?>")];
const CONSTRUCT_NAMES = ["", "a comment", "a CDATA section", "a processing instruction"];

const NO_ATTRIBUTES: XmlAttributes = Object.freeze({});

/** The next '<' in [from, end), or -1. Text between tags is mostly a short indent: a loop beats a native call there. */
function nextLt(buf: Buffer, from: number, end: number): number {
  const near = Math.min(end, from + 32);
  for (let i = from; i < near; i++) if (buf[i] === LT) return i;
  if (near === end) return -1;
  const lt = buf.indexOf(LT, near);
  return lt >= end ? -1 : lt;
}

export class XmlTokenizer {
  private readonly maxText: number;
  private phase = PROLOG;
  private inside = IN_NONE;
  private started = false;
  private latin1 = false;
  /** Unconsumed bytes from the end of the previous chunk (an incomplete tag, reference or terminator). */
  private carry: Buffer | null = null;
  private readonly lines = new LineCounter();
  private readonly nameCache = new NameCache();
  private readonly openNames: string[] = [];
  private readonly openLines: number[] = [];
  /** Per open element: where its text goes, or null when nobody asked for it. */
  private readonly captures: (TextCapture | null)[] = [];
  private readonly capturePool: TextCapture[] = [];
  /** Depth of the element whose handler answered SKIP_ELEMENT (0: none): no events until it closes. */
  private skipDepth = 0;
  /** Attribute names of a tag read without events (checked for repeats, not kept): the first quietCount. */
  private readonly quietNames: string[] = [];
  private quietCount = 0;
  /** Where the value attributeValue() returned ends (its closing quote). */
  private valueEnd = 0;

  constructor(
    private readonly handler: XmlHandler,
    options: XmlTokenizerOptions = {},
  ) {
    this.maxText = options.maxTextBytes ?? DEFAULT_MAX_TEXT;
  }

  /** Line of the most recent event (1-based). */
  get line(): number {
    return this.lines.line;
  }

  /**
   * Everything written so far is consumed: no token is pending (no tag, comment, CDATA section or
   * reference cut by the end of the last chunk), and `line` counts every line end written.
   */
  get betweenTags(): boolean {
    return this.phase === CONTENT && this.inside === IN_NONE && this.carry === null && this.skipDepth === 0;
  }

  /**
   * Counts `n` line ends as read without reading them: what writing n LF bytes does between two
   * tags when the open element keeps no text (split-host-list.ts, for parts read elsewhere).
   */
  skipLines(n: number): void {
    if (!this.betweenTags || this.captures[this.captures.length - 1] != null) throw new Error("skipLines: not between tags of an element without text");
    this.lines.line += n;
  }

  /** The root element has closed: further input is ignored and need not be read. */
  get done(): boolean {
    return this.phase === DONE;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.phase === DONE) {
      this.handler.onTrailer?.(chunk);
      return;
    }
    let buf = chunk;
    let from = 0;
    const carry = this.carry;
    if (carry !== null) {
      this.carry = null;
      // Finish the carried token on a small head instead of copying the whole chunk behind it.
      const head = Buffer.concat([carry, chunk.subarray(0, HEAD_BYTES)]);
      const stop = this.run(head, 0);
      if (this.phase === DONE) {
        this.handler.onTrailer?.(head.subarray(stop));
        if (chunk.length > HEAD_BYTES) this.handler.onTrailer?.(chunk.subarray(HEAD_BYTES));
        return;
      }
      if (chunk.length <= HEAD_BYTES) {
        this.keep(head, stop);
        return;
      }
      if (stop >= carry.length) from = stop - carry.length;
      else buf = Buffer.concat([head.subarray(stop), chunk.subarray(HEAD_BYTES)]);
    }
    const stop = this.run(buf, from);
    if (this.phase !== DONE) this.keep(buf, stop);
    else this.handler.onTrailer?.(buf.subarray(stop));
  }

  /** Processes buf[from, ...) and counts its lines up to where processing stopped. */
  private run(buf: Buffer, from: number): number {
    // One native scan per chunk finds binary content; the document is processed up to it first,
    // because a NUL after the root element is allowed (everything there is ignored).
    const nul = buf.indexOf(0, from);
    const end = nul < 0 ? buf.length : nul;
    this.lines.reset(buf, from);
    const stop = this.process(buf, from, end);
    if (this.phase === DONE) return stop;
    if (nul >= 0) throw this.fail(nul, "NUL byte: this is binary data, not XML text");
    this.lines.at(stop);
    return stop;
  }

  /** Keeps buf[stop, ...), the start of an incomplete token, for the next chunk. */
  private keep(buf: Buffer, stop: number): void {
    if (stop === buf.length) return;
    if (buf.length - stop > MAX_MARKUP_BYTES) {
      throw this.fail(stop, `markup runs on for more than ${MAX_MARKUP_BYTES >> 20} MiB (a quote or '>' is missing)`);
    }
    this.carry = Buffer.from(buf.subarray(stop));
  }

  /** The input is complete: throws when the document is cut off or has no root element. */
  end(): void {
    if (this.phase === DONE) return;
    const rest = this.carry ?? Buffer.alloc(0);
    this.lines.reset(rest, 0);
    this.lines.at(rest.length);
    const line = this.lines.line;
    const depth = this.openNames.length;
    if (depth > 0) {
      const where = `<${this.openNames[depth - 1]}> opened at line ${this.openLines[depth - 1]}`;
      throw new XmlSyntaxError(line, `document ends inside ${where}: the file is cut off`);
    }
    if (this.inside !== IN_NONE) throw new XmlSyntaxError(line, `document ends inside ${CONSTRUCT_NAMES[this.inside]}`);
    if (rest.length > 0) throw new XmlSyntaxError(line, "document ends inside a tag");
    throw new XmlSyntaxError(line, "no root element: the input is empty or holds no XML element");
  }

  /** Consumes buf[0, end); returns where the unconsumed tail (to carry over) starts. */
  private process(buf: Buffer, from: number, end: number): number {
    let pos = from;
    if (!this.started) {
      // Not started implies nothing was consumed yet, so `from` is 0.
      const start = documentStart(buf);
      if (typeof start === "string") throw this.fail(0, start);
      if (start < 0) return 0;
      this.started = true;
      pos = start;
    }
    while (pos < end) {
      if (this.inside !== IN_NONE) {
        pos = this.continueConstruct(buf, pos, end);
        if (this.inside !== IN_NONE) return pos;
        continue;
      }
      const lt = nextLt(buf, pos, end);
      const textEnd = lt < 0 ? end : lt;
      if (textEnd > pos) {
        const taken = this.text(buf, pos, textEnd, lt < 0);
        if (taken < textEnd) return taken;
      }
      if (lt < 0) return end;
      const next = this.markup(buf, lt, end);
      if (next < 0) return lt;
      if (this.phase === DONE) return next;
      pos = next;
    }
    return pos;
  }

  /** Character data in [from, to): checked before the root, kept when asked for, else skipped. */
  private text(buf: Buffer, from: number, to: number, atInputEnd: boolean): number {
    if (this.phase === PROLOG) {
      const bad = skipWhitespace(buf, from, to);
      if (bad < to) throw this.fail(bad, "text before the root element (is this an XML file?)");
      return to;
    }
    const capture = this.captures[this.captures.length - 1];
    if (capture == null) return to;
    return capture.appendText(buf, from, to, atInputEnd, !atInputEnd);
  }

  /** Markup starting with the '<' at `lt`; returns the index after it, or -1 when it is incomplete. */
  private markup(buf: Buffer, lt: number, end: number): number {
    if (lt + 1 >= end) return -1;
    const c = buf[lt + 1];
    if (c === SLASH) return this.endTag(buf, lt, end);
    if (c === BANG) return this.bang(buf, lt, end);
    if (c === QUESTION) return this.processingInstruction(buf, lt, end);
    return this.startTag(buf, lt, end);
  }

  private startTag(buf: Buffer, lt: number, end: number): number {
    const name = this.nameCache.read(buf, lt + 1, end);
    if (name === null) return -1;
    const nameEnd = this.nameCache.end;
    if (nameEnd === lt + 1 || !isNameStart(buf[lt + 1] as number)) {
      throw this.fail(lt, "'<' is not followed by an element name");
    }
    const quiet = this.skipDepth > 0;
    if (quiet) this.quietCount = 0;
    let attrs = NO_ATTRIBUTES;
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      const j = skipWhitespace(buf, i, end);
      if (j === end) return -1;
      const b = buf[j] as number;
      if (b === GT) {
        i = j + 1;
        break;
      }
      if (b === SLASH) {
        if (j + 1 === end) return -1;
        if (buf[j + 1] !== GT) throw this.fail(j, `'/' not followed by '>' in tag <${name}>`);
        selfClosing = true;
        i = j + 2;
        break;
      }
      if (!isNameStart(b)) throw this.fail(j, `unexpected character '${String.fromCharCode(b)}' in tag <${name}>`);
      if (j === i) throw this.fail(j, `missing white space before an attribute in tag <${name}>`);
      const attr = this.nameCache.read(buf, j, end);
      if (attr === null) return -1;
      const attrEnd = this.nameCache.end;
      let k = skipWhitespace(buf, attrEnd, end);
      if (k === end) return -1;
      if (buf[k] !== 0x3d /* = */) throw this.fail(k, `attribute "${attr}" of <${name}> has no value`);
      k = skipWhitespace(buf, k + 1, end);
      if (k === end) return -1;
      const quote = buf[k] as number;
      if (quote !== 0x22 && quote !== 0x27) throw this.fail(k, `value of attribute "${attr}" of <${name}> is not quoted`);
      const value = this.attributeValue(buf, k + 1, end, quote);
      if (value === null) return -1;
      if (typeof value === "number") throw this.fail(value, `'<' in the value of attribute "${attr}" of <${name}>`);
      const close = this.valueEnd;
      if (quiet) {
        for (let q = 0; q < this.quietCount; q++) if (this.quietNames[q] === attr) throw this.fail(j, `attribute "${attr}" appears twice in tag <${name}>`);
        this.quietNames[this.quietCount++] = attr;
        i = close + 1;
        continue;
      }
      if (attrs === NO_ATTRIBUTES) attrs = {};
      if (Object.hasOwn(attrs, attr)) throw this.fail(j, `attribute "${attr}" appears twice in tag <${name}>`);
      // A plain assignment to "__proto__" would set the prototype instead of adding the attribute.
      if (attr === "__proto__") Object.defineProperty(attrs, attr, { value, enumerable: true, writable: true });
      else (attrs as Record<string, string>)[attr] = value;
      i = close + 1;
    }
    const line = this.lines.at(lt);
    this.phase = CONTENT;
    if (quiet) {
      if (!selfClosing) {
        this.openNames.push(name);
        this.openLines.push(line);
        this.captures.push(null);
      }
      return i;
    }
    const answer = this.handler.onOpen(name, attrs, line);
    if (answer === SKIP_ELEMENT) {
      if (selfClosing) return i;
      this.openNames.push(name);
      this.openLines.push(line);
      this.captures.push(null);
      this.skipDepth = this.openNames.length;
      return i;
    }
    const wantsText = answer === true && this.handler.onText !== undefined;
    if (selfClosing) {
      if (wantsText) this.handler.onText?.("", false);
      this.close(name, line);
    } else {
      this.openNames.push(name);
      this.openLines.push(line);
      this.captures.push(wantsText ? this.takeCapture() : null);
    }
    return i;
  }

  /**
   * The value from `from` to the closing `quote`, whose index goes to valueEnd; null when the quote
   * is not in this chunk; the index of a '<' in it (an error). One pass over the bytes: values are
   * short, and a native search per value costs more than the loop.
   */
  private attributeValue(buf: Buffer, from: number, end: number, quote: number): string | number | null {
    let plain = true;
    let lt = -1;
    let i = from;
    for (; i < end; i++) {
      const b = buf[i] as number;
      if (b === quote) break;
      if (b < 0x20 || b === AMP || b >= 0x80) plain = false;
      else if (b === LT && lt < 0) lt = i;
    }
    if (i === end) return null;
    this.valueEnd = i;
    if (lt >= 0) return lt;
    if (plain) return latin1Text(buf, from, i);
    return decodeAttributeValue(buf, from, i, this.latin1);
  }

  private endTag(buf: Buffer, lt: number, end: number): number {
    const depth = this.openNames.length;
    const open = depth > 0 ? (this.openNames[depth - 1] as string) : "";
    // The usual end tag, `</` the open element's name `>`, is recognised by its bytes alone.
    const expectedGt = lt + 2 + open.length;
    if (depth > 0 && expectedGt < end && buf[expectedGt] === GT && sameAscii(buf, lt + 2, expectedGt, open)) return this.closed(lt, expectedGt, depth);
    const nameEnd = scanName(buf, lt + 2, end);
    if (nameEnd === end) return -1;
    if (nameEnd === lt + 2) throw this.fail(lt, "'</' is not followed by an element name");
    const gt = skipWhitespace(buf, nameEnd, end);
    if (gt === end) return -1;
    if (buf[gt] !== GT) throw this.fail(gt, "unexpected character in an end tag");
    // Comparing bytes with the open name avoids decoding a string for every end tag.
    const name = sameAscii(buf, lt + 2, nameEnd, open) ? open : this.nameCache.get(buf, lt + 2, nameEnd);
    if (depth === 0) throw this.fail(lt, `end tag </${name}> before any element`);
    if (name !== open) {
      const opened = `<${open}> opened at line ${this.openLines[depth - 1]}`;
      throw this.fail(lt, `end tag </${name}> does not match ${opened}`);
    }
    return this.closed(lt, gt, depth);
  }

  /** The end tag at `lt`, whose '>' is at `gt`, closed the open element at `depth`. */
  private closed(lt: number, gt: number, depth: number): number {
    const name = this.openNames[depth - 1] as string;
    const capture = this.captures.pop();
    this.openNames.pop();
    this.openLines.pop();
    if (this.skipDepth > 0) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      if (depth === 1) {
        this.phase = DONE;
        this.carry = null;
      }
      return gt + 1;
    }
    const line = this.lines.at(lt);
    if (capture != null) {
      this.handler.onText?.(capture.take(), capture.truncated);
      this.capturePool.push(capture);
    }
    this.close(name, line);
    return gt + 1;
  }

  private close(name: string, line: number): void {
    this.handler.onClose(name, line);
    if (this.openNames.length === 0) {
      this.phase = DONE;
      this.carry = null;
    }
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(buf: Buffer, lt: number, end: number): number {
    const kind = buf[lt + 2];
    if (kind === 0x2d /* - */ && startsWithAscii(buf, lt, end, "<!--")) {
      this.inside = IN_COMMENT;
      return lt + 4;
    }
    if (kind === 0x5b /* [ */ && isCdataStart(buf, lt, end)) {
      if (this.phase !== CONTENT) throw this.fail(lt, "CDATA section outside the root element");
      this.inside = IN_CDATA;
      return lt + 9;
    }
    if (kind === 0x44 /* D */ && startsWithAscii(buf, lt, end, "<!DOCTYPE")) {
      if (this.phase !== PROLOG) throw this.fail(lt, "DOCTYPE after the root element has started");
      return skipDoctype(buf, lt + 9, end);
    }
    for (const form of ["<!--", "<![CDATA[", "<!DOCTYPE"]) if (isPrefixOfAscii(buf, lt, end, form)) return -1;
    throw this.fail(lt, "'<!' starts neither a comment, a CDATA section nor a DOCTYPE");
  }

  /** `<?xml ...?>` (read for its encoding) or any other processing instruction (skipped). */
  private processingInstruction(buf: Buffer, lt: number, end: number): number {
    if (this.phase === PROLOG) {
      if (isPrefixOfAscii(buf, lt, end, "<?xml ")) return -1;
      const b = buf[lt + 5] as number;
      if (startsWithAscii(buf, lt, end, "<?xml") && (b === QUESTION || isWhitespace(b))) {
        const close = buf.indexOf("?>", lt + 5, "latin1");
        if (close < 0 || close + 2 > end) return -1;
        const enc = declaredEncoding(buf.toString("latin1", lt, close));
        if (typeof enc !== "string") throw this.fail(lt, enc.unsupported);
        this.latin1 = enc === "latin1";
        this.nameCache.latin1 = this.latin1;
        return close + 2;
      }
    }
    this.inside = IN_PI;
    return lt + 2;
  }

  /**
   * Inside a comment, CDATA section or processing instruction: look for its terminator. When it is not
   * in this chunk, consume all but the last bytes, which could be the start of the terminator.
   */
  private continueConstruct(buf: Buffer, pos: number, end: number): number {
    const term = TERMINATORS[this.inside] as Buffer;
    const at = findTerminator(buf, pos, end, term);
    const found = at >= 0;
    const stop = found ? at : Math.max(pos, end - term.length + 1);
    if (this.inside === IN_CDATA) {
      const capture = this.captures[this.captures.length - 1];
      if (capture != null) capture.appendRaw(buf, pos, stop, found);
    }
    if (!found) return stop;
    this.inside = IN_NONE;
    return at + term.length;
  }

  private takeCapture(): TextCapture {
    const capture = this.capturePool.pop() ?? new TextCapture(this.maxText, this.latin1);
    capture.reset();
    return capture;
  }

  private fail(pos: number, reason: string): XmlSyntaxError {
    return new XmlSyntaxError(this.lines.at(pos), reason);
  }
}

/**
 * Where `term` starts in buf[from, end) (wholly inside it), or -1. Its first byte is searched for:
 * a search for one byte is a fast native call, one for several bytes a slow one, and the first
 * byte of each terminator (']', '-', '?') is rare in the text it ends.
 */
function findTerminator(buf: Buffer, from: number, end: number, term: Buffer): number {
  const first = term[0] as number;
  const last = end - term.length;
  for (let at = buf.indexOf(first, from); at >= 0 && at <= last; at = buf.indexOf(first, at + 1)) {
    let k = 1;
    while (k < term.length && buf[at + k] === term[k]) k++;
    if (k === term.length) return at;
  }
  return -1;
}

/** `<![CDATA[` at `lt` (whose `<![` the caller has seen), spelt out: the commonest markup after tags. */
function isCdataStart(buf: Buffer, lt: number, end: number): boolean {
  return lt + 9 <= end && buf[lt + 3] === 0x43 && buf[lt + 4] === 0x44 && buf[lt + 5] === 0x41 && buf[lt + 6] === 0x54 && buf[lt + 7] === 0x41 && buf[lt + 8] === 0x5b;
}

/** buf[from, to) holds exactly the characters of `s`, all ASCII. */
function sameAscii(buf: Buffer, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let k = 0; k < s.length; k++) if (buf[from + k] !== s.charCodeAt(k)) return false;
  return true;
}
