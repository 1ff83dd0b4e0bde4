/**
 * One large Qualys host list (a SCAN, a detection list) read on several cores. The list is cut into
 * parts just before host elements; each part is parsed on a worker thread by a reader of the same
 * kind, with the document's head (everything before the first host) in front of it and the open
 * elements closed behind it. This thread goes through the parts in order: it parses those no worker
 * has started (part-schedule.ts decides who takes which) and, at the others, replays what the worker
 * observed and counts the part's lines as read: every line number and every end-of-document check is
 * what a single pass gives.
 *
 * A cut is only a guess (`<IP ` may sit in a comment or CDATA section): a part is used only if it
 * parsed to exactly its end with no element of its own left open, and this thread stood between two
 * hosts at its start. Otherwise this thread reads the part itself: the answer never depends on the
 * cuts, only the speed does.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../../errors.js";
import type { Message } from "../../messages/message.js";
import type { DetectionPage, FindingObservation, HostObservation, HostnameTargetObservation, RangeObservation } from "../../model/observation.js";
import type { VulnStatusCounts } from "../../model/findings.js";
import type { InputFormat } from "../input-formats.js";
import { UNWATCHED, type LazyText, type ObservationSink, type ReaderContext, type ReadResult, type ReadWatch } from "../reader.js";
import { XmlSyntaxError } from "../../parse/xml/xml-error.js";
import { XmlTokenizer, type OpenAnswer, type XmlHandler } from "../../parse/xml/tokenizer.js";
import { readQualysXml, type XmlReading, type XmlRoot } from "./read-qualys-xml.js";
import { fileRange } from "../../read/file-range.js";
import { isSplittable, type QualysHandler } from "./qualys-handler.js";
import { PartSchedule } from "../part-schedule.js";
import { partCount, type FragmentRunner, type PartParse } from "../split-parts.js";

/** Where the hosts of a splittable document are: their element, and what precedes the first. */
export interface HostListShape {
  /** The host element's name (`IP` in a SCAN, `HOST` in a detection list). */
  readonly host: string;
  /** Text that comes before the first host (`</HEADER>`, `<HOST_LIST>`). */
  readonly after: string;
}

/** A part of the host list to parse elsewhere. */
export interface HostListPart {
  readonly kind: "host-list";
  readonly path: string;
  /** The format's name (an InputFormat; a string here, as the format list refers to this type). */
  readonly format: string;
  readonly start: number;
  readonly end: number;
  /** The document's bytes before the first host, parsed in front of the part. */
  readonly head: Uint8Array;
  /** End tags of the elements open at the first host, written behind the part. */
  readonly close: string;
}

/**
 * Parts parsed up to 4 a thread ahead of this thread's position: far enough that a worker seldom
 * runs out of parts. What a part holds for the replay is a few hundred hosts' summaries.
 */
const PARTS_AHEAD = 4;

/** Where the first host must be for a split: the head of every real host list is small. */
const HEAD_SEARCH_BYTES = 16 * 1024 * 1024;
const WINDOW = 256 * 1024;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function countNewlines(buf: Uint8Array): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Patterns of one host element: its start, and a start right after a host ended (the likely cut). */
function patterns(host: string): { first: RegExp; next: RegExp } {
  return {
    first: new RegExp(`<${host}[\\s/>]`, "g"),
    // Comments may come between two hosts (Qualys writes keep-alive comments there).
    next: new RegExp(`(?:</${host}>|/>)\\s*(?:<!--(?:(?!-->)[^])*-->\\s*)*<${host}[\\s/>]`, "g"),
  };
}

/** Where the host start of a `next` match is. */
function cutOf(m: RegExpExecArray, host: string): number {
  return m.index + m[0].lastIndexOf(`<${host}`);
}

/** The first likely cut at or after `from` (searched in overlapping windows), or -1. */
function cutAfter(fd: number, from: number, limit: number, next: RegExp, host: string): number {
  for (let at = from; at < limit; at += WINDOW / 2) {
    const text = readAt(fd, at, Math.min(WINDOW, limit - at)).toString("latin1");
    next.lastIndex = 0;
    const m = next.exec(text);
    if (m) return at + cutOf(m, host);
    if (text.length < WINDOW) return -1;
  }
  return -1;
}

/** The last likely cut in the final windows of the file (the tail, read on this thread), or -1. */
function lastCut(fd: number, size: number, from: number, next: RegExp, host: string): number {
  const start = Math.max(from, size - 4 * WINDOW);
  const text = readAt(fd, start, size - start).toString("latin1");
  let last = -1;
  next.lastIndex = 0;
  for (let m = next.exec(text); m; m = next.exec(text)) last = cutOf(m, host);
  return last < 0 ? -1 : start + last;
}

interface Plan {
  readonly head: Buffer;
  /** b0 < b1 < ... < bK: b0 ends the head, bK starts the tail (both read on this thread). */
  readonly cuts: readonly number[];
}

/** Where to cut, or null when the file does not look like a host list to split. */
function plan(path: string, size: number, parts: number, shape: HostListShape): Plan | null {
  const { first, next } = patterns(shape.host);
  const fd = openSync(path, "r");
  try {
    const head = readAt(fd, 0, Math.min(size, HEAD_SEARCH_BYTES));
    const text = head.toString("latin1");
    const after = text.indexOf(shape.after);
    if (after < 0) return null;
    first.lastIndex = after;
    const m = first.exec(text);
    if (!m) return null;
    const b0 = m.index;
    const tail = lastCut(fd, size, b0 + 1, next, shape.host);
    if (tail < 0) return null;
    const cuts = [b0];
    const step = (tail - b0) / parts;
    for (let i = 1; i < parts; i++) {
      const cut = cutAfter(fd, Math.floor(b0 + i * step), tail, next, shape.host);
      if (cut > (cuts[cuts.length - 1] as number)) cuts.push(cut);
    }
    if (tail > (cuts[cuts.length - 1] as number)) cuts.push(tail);
    if (cuts.length < 3) return null;
    return { head: Buffer.from(head.subarray(0, b0)), cuts };
  } finally {
    closeSync(fd);
  }
}

/**
 * The host list at `path` read with parts parsed by `runner`; a normal single pass when the file
 * cannot be split. The result is the single pass's, observation for observation.
 */
export async function readHostListSplit(
  path: string,
  size: number,
  ctx: ReaderContext,
  runner: FragmentRunner,
  roots: readonly XmlRoot[],
  format: InputFormat,
  shape: HostListShape,
  watch: ReadWatch = UNWATCHED,
): Promise<ReadResult> {
  const threads = runner.workers + 1;
  const p = plan(path, size, partCount(size, threads, runner), shape);
  if (p === null) return readQualysXml(watch.chunks(size, fileRange(path, 0, size)), ctx, roots, format);
  const { head, cuts } = p;
  const reading: XmlReading = { handler: null, tokenizer: null };
  const parts = cuts.length - 1;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield head;
    const reader = reading.handler;
    if (!isSplittable(reader) || !reader.splittable) {
      yield* fileRange(path, cuts[0] as number, size);
      return;
    }
    const open = [...reader.openElements];
    const spec = { kind: "host-list" as const, path, format, head, close: open.reverse().map((name) => `</${name}>`).join("") };
    const headNewlines = countNewlines(head);
    const part = (i: number) => ({ ...spec, start: cuts[i] as number, end: cuts[i + 1] as number });
    const schedule = new PartSchedule(
      parts,
      2 * runner.workers,
      (i, claim) => runner.runFragment({ ...part(i), claim }, ctx.input),
      { can: () => true, start: (i) => runner.runHere(part(i), ctx.input) },
      PARTS_AHEAD * threads,
    );
    for (let i = 0; i < parts; i++) {
      // A worker's part that fails is awaited here in order; PartSchedule has handled its rejection.
      const elsewhere = schedule.at(i);
      const outcome = elsewhere === null ? null : await (await elsewhere).outcome;
      // Everything before the part has been read here: it is used only if this thread stands
      // between two hosts, in the same elements as at the first host.
      const tokenizer = reading.tokenizer;
      const here = tokenizer !== null && tokenizer.betweenTags && reader.splittable && sameElements(reader.openElements, spec.close);
      if (outcome?.valid === true && here) {
        outcome.replay(ctx.sink, (tokenizer as XmlTokenizer).line - 1 - headNewlines);
        reader.absorb(outcome.state);
        (tokenizer as XmlTokenizer).skipLines(outcome.newlines);
        watch.elsewhere?.((cuts[i + 1] as number) - (cuts[i] as number));
      } else yield* fileRange(path, cuts[i] as number, cuts[i + 1] as number);
    }
    yield* fileRange(path, cuts[parts] as number, size);
  }
  return readQualysXml(watch.chunks(size, chunks()), ctx, roots, format, reading);
}

function sameElements(open: readonly string[], close: string): boolean {
  return [...open].reverse().map((name) => `</${name}>`).join("") === close;
}

/** Observations made while the head is parsed are the main thread's: a part passes on only its own. */
class PartSink implements ObservationSink {
  live = false;
  readonly leanHost?: ObservationSink["leanHost"];
  constructor(private readonly sink: ObservationSink) {
    if (sink.leanHost) this.leanHost = (ipv4: number, rawStatus: string, detail: LazyText, time: number | null, line: number) => this.live && sink.leanHost?.(ipv4, rawStatus, detail, time, line);
  }
  host(o: HostObservation): void {
    if (this.live) this.sink.host(o);
  }
  range(o: RangeObservation): void {
    if (this.live) this.sink.range(o);
  }
  hostnameTarget(o: HostnameTargetObservation): void {
    if (this.live) this.sink.hostnameTarget(o);
  }
  finding(o: FindingObservation): void {
    if (this.live) this.sink.finding?.(o);
  }
  warn(m: Message): void {
    if (this.live) this.sink.warn(m);
  }
  detectionPage(page: DetectionPage): void {
    if (this.live) this.sink.detectionPage(page);
  }
  statedAverageRisk(value: number): void {
    if (this.live) this.sink.statedAverageRisk(value);
  }
  vulnStatuses(counts: VulnStatusCounts): void {
    if (this.live) this.sink.vulnStatuses?.(counts);
  }
  skip(line: number, reason: Message): void {
    if (this.live) this.sink.skip(line, reason);
  }
}

/** Passes the reader's events on, and sees the outermost element close. */
class PartRoot implements XmlHandler {
  constructor(private readonly reader: QualysHandler) {}
  onOpen(name: string, attrs: Record<string, string>, line: number): OpenAnswer {
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
 * A worker's side: parse one part into ctx.sink with a fresh reader of the format (`Handler`).
 * Null when the cut was not between two hosts or the part is not well-formed: the reader of the
 * whole file then reads it itself, and reports any error with its true line.
 */
export async function parseHostListFragment(spec: HostListPart, ctx: ReaderContext, Handler: new (ctx: ReaderContext) => QualysHandler): Promise<PartParse | null> {
  const sink = new PartSink(ctx.sink);
  const reader = new Handler({ ...ctx, sink });
  if (!isSplittable(reader)) return null;
  const tokenizer = new XmlTokenizer(new PartRoot(reader));
  try {
    tokenizer.write(Buffer.from(spec.head));
    if (!reader.splittable || !tokenizer.betweenTags) return null;
    const headLine = tokenizer.line;
    sink.live = true;
    for await (const chunk of fileRange(spec.path, spec.start, spec.end)) {
      tokenizer.write(chunk);
      if (tokenizer.done) return null;
    }
    if (!tokenizer.betweenTags || !reader.splittable || !sameElements(reader.openElements, spec.close)) return null;
    const newlines = tokenizer.line - headLine;
    tokenizer.write(Buffer.from(spec.close));
    tokenizer.end();
    if (!tokenizer.done) return null;
    return { state: reader.fragmentState(), newlines };
  } catch (err) {
    if (err instanceof XmlSyntaxError || err instanceof InputError) return null;
    throw err;
  }
}
