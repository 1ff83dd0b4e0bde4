/**
 * One large SCAN read on several cores. The host list is cut into parts just before `<IP `
 * elements; each part is parsed on a worker thread (the document's own prolog and root start tag
 * in front of it, `</SCAN>` behind it) by a ScanReader that knows the HEADER; this thread reads the
 * head (prolog and HEADER), replays the parts' observations in document order, then reads the tail
 * (the last hosts, the end of the document) with the parts' bytes replaced by as many line ends, so
 * that every line number and every end-of-document check is what a single pass gives.
 *
 * A cut is only a guess (`<IP ` may sit in a comment or CDATA section): a part is used only if it
 * parsed to exactly its end with no element left open, which proves the next cut was between two
 * hosts. At the first part that fails, this thread reads the rest itself: the answer never depends
 * on the cuts, only the speed does.
 */
import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { InputError } from "../../errors.js";
import type { ObservationSink, ReaderContext, ReadResult } from "../reader.js";
import { XmlSyntaxError } from "../../parse/xml/xml-error.js";
import { XmlTokenizer, type XmlHandler } from "../../parse/xml/tokenizer.js";
import { readQualysXml, type XmlReading, type XmlRoot } from "./read-qualys-xml.js";
import { ScanReader, type ScanFragmentState } from "./scan-reader.js";

/** A part of the host list to parse elsewhere. */
export interface ScanFragmentSpec {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** The document's bytes up to and including the root start tag, put in front of the part. */
  readonly prefix: Uint8Array;
  readonly header: readonly (readonly [string, string])[];
}

export type FragmentOutcome =
  | { readonly valid: false }
  | {
      readonly valid: true;
      readonly state: ScanFragmentState;
      /** Line ends in the part's bytes. */
      readonly newlines: number;
      /** Its observations into the sink, their line numbers moved by `lineOffset`. */
      replay(sink: ObservationSink, lineOffset: number): void;
    };

/** Parses parts elsewhere (worker threads), several at once, each outcome when it is complete. */
export interface FragmentRunner {
  readonly workers: number;
  runFragment(spec: ScanFragmentSpec, input: number): Promise<FragmentOutcome>;
}

/** Below this a file is read in one pass: the parts would not repay starting them. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;
/** Parts of about this size: small enough that replaying one overlaps parsing the next. */
const PART_BYTES = 96 * 1024 * 1024;
/** Where the HEADER must have ended for a split: it is at the top of every real SCAN. */
const HEAD_SEARCH_BYTES = 16 * 1024 * 1024;
const WINDOW = 256 * 1024;
const FIRST_HOST = /<IP[\s/>]/g;
/** A host starting right after another one ended (comments between them allowed): the likely cut. */
const NEXT_HOST = /(?:<\/IP>|\/>)\s*(?:<!--(?:(?!-->)[^])*-->\s*)*<IP[\s/>]/g;

/** Where the `<IP` of a NEXT_HOST match starts. */
function cutOf(m: RegExpExecArray): number {
  return m.index + m[0].lastIndexOf("<IP");
}
const ROOT_START = /<SCAN[\s>]/;
const NEWLINES = Buffer.alloc(64 * 1024, 10);

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** The first likely cut at or after `from` (searched in overlapping windows), or -1. */
function hostStartAfter(fd: number, from: number, limit: number): number {
  for (let at = from; at < limit; at += WINDOW / 2) {
    const text = readAt(fd, at, Math.min(WINDOW, limit - at)).toString("latin1");
    NEXT_HOST.lastIndex = 0;
    const m = NEXT_HOST.exec(text);
    if (m) return at + cutOf(m);
    if (text.length < WINDOW) return -1;
  }
  return -1;
}

/** The last likely cut in the final windows of the file (the tail, read on this thread), or -1. */
function lastHostStart(fd: number, size: number, from: number): number {
  const start = Math.max(from, size - 4 * WINDOW);
  const text = readAt(fd, start, size - start).toString("latin1");
  let last = -1;
  NEXT_HOST.lastIndex = 0;
  for (let m = NEXT_HOST.exec(text); m; m = NEXT_HOST.exec(text)) last = cutOf(m);
  return last < 0 ? -1 : start + last;
}

function countNewlines(buf: Uint8Array): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

interface Plan {
  readonly prefix: Buffer;
  /** Where the head ends and the parts begin: b0 < b1 < ... < bK (bK: where the tail begins). */
  readonly cuts: readonly number[];
}

/** Where to cut, or null when the file does not look like one to split (the HEADER not on top). */
function plan(path: string, size: number, parts: number): Plan | null {
  const fd = openSync(path, "r");
  try {
    const head = readAt(fd, 0, Math.min(size, HEAD_SEARCH_BYTES));
    const text = head.toString("latin1");
    const root = ROOT_START.exec(text);
    const headerEnd = text.indexOf("</HEADER>");
    if (!root || headerEnd < 0) return null;
    const rootEnd = text.indexOf(">", root.index);
    FIRST_HOST.lastIndex = headerEnd;
    const first = FIRST_HOST.exec(text);
    if (rootEnd < 0 || !first) return null;
    const b0 = first.index;
    const tail = lastHostStart(fd, size, b0 + 1);
    if (tail < 0) return null;
    const cuts = [b0];
    const step = (tail - b0) / parts;
    for (let i = 1; i < parts; i++) {
      const cut = hostStartAfter(fd, Math.floor(b0 + i * step), tail);
      if (cut > (cuts[cuts.length - 1] as number)) cuts.push(cut);
    }
    if (tail > (cuts[cuts.length - 1] as number)) cuts.push(tail);
    if (cuts.length < 3) return null;
    return { prefix: Buffer.from(head.subarray(0, rootEnd + 1)), cuts };
  } finally {
    closeSync(fd);
  }
}

async function* fileRange(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  if (end <= start) return;
  for await (const chunk of createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 18 })) yield chunk as Buffer;
}

/**
 * The SCAN at `path` read with parts of its host list parsed by `runner` while this thread parses
 * the others (every (workers + 1)-th part) itself; a normal single pass when the file cannot be
 * split. The result is the single pass's, observation for observation.
 */
export async function readScanSplit(path: string, size: number, ctx: ReaderContext, runner: FragmentRunner, roots: readonly XmlRoot[]): Promise<ReadResult> {
  const threads = runner.workers + 1;
  const p = plan(path, size, Math.max(2 * threads, Math.ceil(size / PART_BYTES)));
  if (p === null) return readQualysXml(fileRange(path, 0, size), ctx, roots, "qualys-scan");
  const { prefix, cuts } = p;
  const reading: XmlReading = { handler: null, tokenizer: null };
  const parts = cuts.length - 1;
  const mine = (i: number) => i % threads === 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* fileRange(path, 0, cuts[0] as number);
    const reader = reading.handler;
    if (!(reader instanceof ScanReader) || !reader.splittable) {
      yield* fileRange(path, cuts[0] as number, size);
      return;
    }
    const spec = { path, prefix, header: reader.headerEntries };
    const prefixNewlines = countNewlines(prefix);
    const outcomes = new Map<number, Promise<FragmentOutcome>>();
    for (let i = 0; i < parts; i++) if (!mine(i)) outcomes.set(i, runner.runFragment({ ...spec, start: cuts[i] as number, end: cuts[i + 1] as number }, ctx.input));
    for (let i = 0; i < parts; i++) {
      const start = cuts[i] as number;
      const end = cuts[i + 1] as number;
      const pending = outcomes.get(i);
      const outcome = pending === undefined ? null : await pending;
      // Everything before `start` has been parsed here: a part read elsewhere is used only if this
      // thread also stands between two hosts there (and the part proved it ended between two).
      const tokenizer = reading.tokenizer;
      if (outcome?.valid === true && tokenizer !== null && tokenizer.betweenTags && reader.splittable) {
        outcome.replay(ctx.sink, tokenizer.line - 1 - prefixNewlines);
        reader.absorb(outcome.state);
        for (let left = outcome.newlines; left > 0; left -= NEWLINES.length) yield NEWLINES.subarray(0, Math.min(left, NEWLINES.length));
      } else yield* fileRange(path, start, end);
    }
    yield* fileRange(path, cuts[parts] as number, size);
  }
  return readQualysXml(chunks(), ctx, roots, "qualys-scan", reading);
}

/** Closes the synthetic root and proves the part ended between two hosts (see the top). */
class FragmentRoot implements XmlHandler {
  constructor(private readonly reader: ScanReader) {}
  onOpen(name: string, attrs: Record<string, string>, line: number): boolean {
    return this.reader.onOpen(name, attrs, line);
  }
  onText(text: string): void {
    this.reader.onText(text);
  }
  onClose(name: string, line: number): void {
    this.reader.onClose(name, line);
  }
}

/**
 * A worker's side: parse one part into ctx.sink. Invalid (null) when the cut was not between two
 * hosts or the part is not well-formed: the reader of the whole file then reads it itself and
 * reports any error with its true line.
 */
export async function parseScanFragment(spec: ScanFragmentSpec, ctx: ReaderContext): Promise<{ state: ScanFragmentState; newlines: number } | null> {
  const reader = ScanReader.forFragment(ctx, spec.header);
  const root = new FragmentRoot(reader);
  const tokenizer = new XmlTokenizer(root);
  try {
    tokenizer.write(Buffer.from(spec.prefix));
    for await (const chunk of fileRange(spec.path, spec.start, spec.end)) {
      tokenizer.write(chunk);
      if (tokenizer.done) return null;
    }
    tokenizer.write(Buffer.from("</SCAN>"));
    tokenizer.end();
  } catch (err) {
    if (err instanceof XmlSyntaxError || err instanceof InputError) return null;
    throw err;
  }
  if (!tokenizer.done) return null;
  // The synthetic end tag follows the part's last byte: its line counts every line end before it.
  return { state: reader.fragmentState(), newlines: tokenizer.line - 1 - countNewlines(spec.prefix) };
}
