/**
 * Reads one file's time column: parses cells (with a cache, as a big log repeats the same minutes),
 * learns the file's day/month order from the first unambiguous numeric date, and counts the cells
 * it could not read for one warning each at the end.
 */
import { detach } from "../../lib/retained-text.js";
import { message, type Message } from "../../messages/message.js";
import { isPlaceholder } from "./cells.js";
import { isAsciiSpace } from "./csv-tokenizer.js";
import { parseIsoFast } from "./parse-iso-fast.js";
import { numericDateOrder, parseTime } from "./parse-time.js";

interface Tally {
  count: number;
  firstLine: number;
  example: string;
}

/** What a reader learned and counted: a part of a split file hands it to the reader of the whole. */
export interface TimeColumnState {
  readonly dayFirst: boolean | undefined;
  /** A date was left without a time before the order was learned that would have given it one. */
  readonly orderWanted: boolean;
  readonly unparsed: Readonly<Tally>;
  readonly ambiguous: Readonly<Tally>;
}

const CACHE_LIMIT = 10_000;

export class TimeColumnReader {
  private dayFirst: boolean | undefined;
  private readonly cache = new Map<string, number>();
  private readonly unparsed: Tally = { count: 0, firstLine: 0, example: "" };
  private readonly ambiguous: Tally = { count: 0, firstLine: 0, example: "" };
  private orderWanted = false;

  /**
   * `assumeDayFirst`: how to read an ambiguous date (03/04) before the file shows its order with an
   * unambiguous one; undefined leaves such dates without a time (and counts them for a warning).
   */
  constructor(
    private readonly now: number,
    private readonly assumeDayFirst?: boolean,
    /** A part of a split file: note whether an order inherited from before it would have mattered. */
    private readonly part = false,
  ) {}

  read(cell: string, line: number): number | null {
    const fast = parseIsoFast(cell);
    if (fast !== undefined) return fast;
    if (isPlaceholder(cell)) return null;
    const cached = this.cache.get(cell);
    if (cached !== undefined) return cached;
    if (this.dayFirst === undefined) {
      const order = numericDateOrder(cell);
      if (order === "day-first" || order === "month-first") this.dayFirst = order === "day-first";
    }
    const time = parseTime(cell, { now: this.now, dayFirst: this.dayFirst ?? this.assumeDayFirst });
    if (time === null) {
      if (this.part && this.dayFirst === undefined && !this.orderWanted) this.orderWanted = this.orderMatters(cell);
      count(numericDateOrder(cell) === "ambiguous" ? this.ambiguous : this.unparsed, line, cell);
      return null;
    }
    // A copy as the key: the cell is a slice of the input chunk, which it would keep alive.
    if (this.cache.size < CACHE_LIMIT) this.cache.set(detach(cell), time);
    return time;
  }

  /** The same for a cell given as a span of text (the scan-log fast path makes no string). */
  readSpan(text: string, start: number, end: number, line: number): number | null {
    while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
    while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
    const fast = parseIsoFast(text, start, end);
    return fast !== undefined ? fast : this.read(text.slice(start, end).trim(), line);
  }

  /** Whether some day/month order would have read the cell. */
  private orderMatters(cell: string): boolean {
    return parseTime(cell, { now: this.now, dayFirst: true }) !== null || parseTime(cell, { now: this.now, dayFirst: false }) !== null;
  }

  state(): TimeColumnState {
    return { dayFirst: this.dayFirst, orderWanted: this.orderWanted, unparsed: { ...this.unparsed }, ambiguous: { ...this.ambiguous } };
  }

  /**
   * Whether a part read from its start without an order (TimeColumnState) read every time as this
   * reader, where it stands, would have: it had no order to pass on, or the part never needed one
   * before learning the same.
   */
  agrees(part: TimeColumnState): boolean {
    return this.dayFirst === undefined || (!part.orderWanted && (part.dayFirst === undefined || part.dayFirst === this.dayFirst));
  }

  /** A part read elsewhere (agreeing), its lines counted from `lineOffset` + 1. */
  absorb(part: TimeColumnState, lineOffset: number): void {
    this.dayFirst ??= part.dayFirst;
    merge(this.unparsed, part.unparsed, lineOffset);
    merge(this.ambiguous, part.ambiguous, lineOffset);
  }

  warnings(): Message[] {
    const out: Message[] = [];
    for (const [code, t] of [["csv.unparsedTimes", this.unparsed] as const, ["csv.ambiguousDates", this.ambiguous] as const]) {
      if (t.count > 0) out.push(message(code, { count: t.count, firstLine: t.firstLine, example: t.example }));
    }
    return out;
  }
}

function count(tally: Tally, line: number, cell: string): void {
  if (tally.count === 0) {
    tally.firstLine = line;
    tally.example = cell;
  }
  tally.count++;
}

function merge(tally: Tally, part: Readonly<Tally>, lineOffset: number): void {
  if (part.count === 0) return;
  if (tally.count === 0) {
    tally.firstLine = part.firstLine + lineOffset;
    tally.example = part.example;
  }
  tally.count += part.count;
}
