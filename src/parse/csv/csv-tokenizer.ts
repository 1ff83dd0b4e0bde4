/**
 * A streaming RFC 4180 tokenizer for one-character delimiters: text in, complete records out.
 * Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and CR end records,
 * even mixed. Lenient where exports are sloppy, like Python's csv module: a quote inside an
 * unquoted field is literal, and text after a closing quote is appended to the field. Blanks
 * before an opening quote are dropped, so `a, "b,c"` is two fields.
 *
 * Records come out as a CsvRow view over the text: where each cell lies, not the cells as strings.
 * A million-row log needs only two or three of its cells per row, and making every cell a string
 * (and every record an array) cost more than reading the file. `cell(i)` and `cells()` make
 * strings when they are wanted.
 *
 * Written here rather than using csv-parse because it is several times faster on a million-row
 * log (see README); test/unit/csv-tokenizer.test.ts proves it against csv-parse.
 */

import { widened } from "../../lib/typed-arrays.js";

export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based physical line where the record starts. */
  readonly line: number;
}

export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    readonly kind: "unclosed-quote" | "record-too-long",
  ) {
    super(`line ${line}: ${kind}`);
  }
}

const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** Whitespace as String.prototype.trim sees it, ASCII part (the rest is checked by trim itself). */
export function isAsciiSpace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

/**
 * One record, valid only during the callback it is passed to (the text moves on afterwards).
 * Most cells are a span of `text`; a cell with doubled quotes or text after its closing quote is
 * built as a string while reading.
 */
export class CsvRow {
  text = "";
  /** 1-based physical line where the record starts. */
  line = 0;
  /** Cells in the record (an empty line is one empty cell). */
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 where the cell is in `built` rather than a span of `text`. */
  private isBuilt = new Uint8Array(64);
  private readonly built: string[] = [];

  /** The cell's text as it was written, unquoted but not trimmed; "" past the last cell. */
  cell(i: number): string {
    if (i >= this.count) return "";
    return this.isBuilt[i] ? (this.built[i] as string) : this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Whether cell i is a plain span of `text` (starts[i]..ends[i]). */
  isSpan(i: number): boolean {
    return i < this.count && this.isBuilt[i] === 0;
  }

  cells(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.cell(i);
    return out;
  }

  /** No cell holds anything but whitespace (an empty line, or only delimiters). */
  isBlank(): boolean {
    for (let i = 0; i < this.count; i++) {
      if (this.isBuilt[i]) {
        if ((this.built[i] as string).trim() !== "") return false;
        continue;
      }
      for (let k = this.starts[i] as number; k < (this.ends[i] as number); k++) {
        const c = this.text.charCodeAt(k);
        if (isAsciiSpace(c)) continue;
        if (c < 0x80) return false;
        // Unicode whitespace (a no-break space, say): trim's own definition decides.
        if (this.cell(i).trim() !== "") return false;
        break;
      }
    }
    return true;
  }

  /** Start a record (the tokenizer's business). */
  reset(text: string): void {
    this.text = text;
    this.count = 0;
  }

  /** Add a cell (the tokenizer's business): a span, or a built value when `value` is given. */
  push(start: number, end: number, value: string | null): void {
    const i = this.count++;
    if (i === this.starts.length) this.widen();
    this.starts[i] = start;
    this.ends[i] = end;
    if (value === null) this.isBuilt[i] = 0;
    else {
      this.isBuilt[i] = 1;
      this.built[i] = value;
    }
  }

  private widen(): void {
    const n = this.starts.length * 2;
    this.starts = widened(this.starts, n);
    this.ends = widened(this.ends, n);
    this.isBuilt = widened(this.isBuilt, n);
  }
}

/** Where a record ended; INCOMPLETE when the text ends inside it (and more may come). */
const INCOMPLETE = -1;

export class CsvTokenizer {
  private buffer = "";
  private nextLine: number;
  private readonly delimiter: number;
  private readonly row = new CsvRow();
  /** Line breaks inside the current record's quoted cells. */
  private breaks = 0;
  /** Next LF and CR at or after some position of the buffer being read (-1: none left). */
  private nextLf = 0;
  private nextCr = 0;

  constructor(
    delimiter: string,
    firstLine = 1,
    private readonly maxRecordChars = 4 * 1024 * 1024,
  ) {
    if (delimiter.length !== 1) throw new RangeError("the delimiter must be one character");
    this.delimiter = delimiter.charCodeAt(0);
    this.nextLine = firstLine;
  }

  /** Characters pushed so far. */
  textChars = 0;

  /** Add text; `onRow` sees each record it completes, in order. */
  pushRows(text: string, onRow: (row: CsvRow) => void): void {
    this.textChars += text.length;
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    this.drain(false, onRow);
  }

  /** End of input (the last record may have no line end). */
  endRows(onRow: (row: CsvRow) => void): void {
    this.drain(true, onRow);
  }

  get delimiterChar(): string {
    return String.fromCharCode(this.delimiter);
  }

  /** The line the next record starts on. */
  get line(): number {
    return this.nextLine;
  }

  /** Every record pushed is complete: the text so far ended at a record boundary. */
  get idle(): boolean {
    return this.buffer.length === 0;
  }

  /** Lines read elsewhere (a part of a split file), between two records. */
  skipLines(lines: number): void {
    if (!this.idle) throw new Error("lines skipped inside a record");
    this.nextLine += lines;
  }

  /** Add text; returns the records it completed, as strings (convenient where speed does not matter). */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.pushRows(text, (row) => out.push({ cells: row.cells(), line: row.line }));
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.endRows((row) => out.push({ cells: row.cells(), line: row.line }));
    return out;
  }

  private drain(final: boolean, onRow: (row: CsvRow) => void): void {
    const buf = this.buffer;
    const row = this.row;
    this.nextLf = 0;
    this.nextCr = 0;
    let pos = 0;
    while (pos < buf.length) {
      this.breaks = 0;
      const end = this.record(buf, pos, final);
      if (end === INCOMPLETE) break;
      // Judged on the whole record, so that where the chunks ended does not matter.
      if (end - pos > this.maxRecordChars) throw new CsvSyntaxError(this.nextLine, "record-too-long");
      row.line = this.nextLine;
      this.nextLine += 1 + this.breaks;
      pos = end;
      onRow(row);
    }
    this.buffer = pos === 0 ? buf : buf.slice(pos);
    if (!final && this.buffer.length > this.maxRecordChars) throw new CsvSyntaxError(this.nextLine, "record-too-long");
    if (final && this.buffer.length > 0) throw new CsvSyntaxError(this.nextLine, "unclosed-quote");
  }

  /** Read the record starting at `start` into the row; returns where the next one starts. */
  private record(buf: string, start: number, final: boolean): number {
    const row = this.row;
    row.reset(buf);
    const len = buf.length;
    const delim = this.delimiter;
    let i = start;
    for (;;) {
      let spanStart = i;
      let spanEnd = i;
      let value: string | null = null;
      // Blanks before an opening quote (`a, "b,c"`, common in hand-edited exports) are not text.
      let q = i;
      while (q < len && (buf.charCodeAt(q) === SPACE || (buf.charCodeAt(q) === TAB && delim !== TAB))) q++;
      if (q >= len && q > i && !final) return INCOMPLETE;
      if (q > i && q < len && buf.charCodeAt(q) === QUOTE) i = q;
      const quoted = i < len && buf.charCodeAt(i) === QUOTE;
      if (quoted) {
        // Quoted field: up to the closing quote; "" is a literal quote.
        const contentStart = i + 1;
        let from = contentStart;
        for (;;) {
          const close = buf.indexOf('"', from);
          if (close < 0) return final ? this.unclosed() : INCOMPLETE;
          if (close + 1 >= len && !final) return INCOMPLETE;
          if (buf.charCodeAt(close + 1) === QUOTE) {
            value = (value ?? "") + buf.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          if (value !== null) value += buf.slice(from, close);
          spanStart = contentStart;
          spanEnd = close;
          i = close + 1;
          break;
        }
        this.countBreaks(buf, spanStart, spanEnd);
      }
      // Unquoted text (or text after a closing quote): up to the delimiter or the line end.
      let j = i;
      while (j < len) {
        const c = buf.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      if (!quoted) spanEnd = j;
      else if (j > i) value = (value ?? buf.slice(spanStart, spanEnd)) + buf.slice(i, j);
      row.push(spanStart, spanEnd, value);
      if (j >= len) return final ? len : INCOMPLETE;
      const c = buf.charCodeAt(j);
      if (c === delim) {
        i = j + 1;
        continue;
      }
      if (c === CR) {
        if (j + 1 >= len && !final) return INCOMPLETE; // a CRLF split across chunks
        return buf.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      }
      return j + 1;
    }
  }

  /**
   * Line breaks inside a quoted span (CRLF counts once). The next LF and CR of the buffer are
   * remembered, so a file whose quoted cells hold none costs one search per record, not a scan
   * of every quoted cell.
   */
  private countBreaks(buf: string, from: number, to: number): void {
    if (this.nextLf >= 0 && this.nextLf < from) this.nextLf = buf.indexOf("\n", from);
    if (this.nextCr >= 0 && this.nextCr < from) this.nextCr = buf.indexOf("\r", from);
    const lf = this.nextLf;
    const cr = this.nextCr;
    if ((lf < 0 || lf >= to) && (cr < 0 || cr >= to)) return;
    for (let k = from; k < to; k++) {
      const c = buf.charCodeAt(k);
      if (c === LF || (c === CR && buf.charCodeAt(k + 1) !== LF)) this.breaks++;
    }
  }

  private unclosed(): never {
    throw new CsvSyntaxError(this.nextLine, "unclosed-quote");
  }
}
