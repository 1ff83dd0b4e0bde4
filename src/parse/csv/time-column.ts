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

const CACHE_LIMIT = 10_000;

export class TimeColumnReader {
  private dayFirst: boolean | undefined;
  private readonly cache = new Map<string, number>();
  private readonly unparsed: Tally = { count: 0, firstLine: 0, example: "" };
  private readonly ambiguous: Tally = { count: 0, firstLine: 0, example: "" };

  /**
   * `assumeDayFirst`: how to read an ambiguous date (03/04) before the file shows its order with an
   * unambiguous one; undefined leaves such dates without a time (and counts them for a warning).
   */
  constructor(
    private readonly now: number,
    private readonly assumeDayFirst?: boolean,
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
