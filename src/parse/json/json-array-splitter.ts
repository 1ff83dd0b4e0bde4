/**
 * Streams the elements of one top-level JSON array: the bytes are scanned only for where each
 * element starts and ends (strings, escapes and nesting depth), and each element is handed to
 * JSON.parse on its own. Memory holds one element at a time, whatever the size of the file, and
 * the parsing itself is V8's. Proven against @streamparser/json in test/unit/json-array-splitter.test.ts;
 * why not that library at runtime: docs/architecture.md.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === LF || c === 0x0d || c === 0x09;
}

/** Where the scan is: before the array, between elements, inside one, after the array. */
const enum State {
  Start,
  BeforeElement,
  AfterElement,
  InElement,
  Done,
}

export interface JsonArrayOptions {
  /** An element larger than this is refused (a string never closed would otherwise eat memory). */
  readonly maxElementBytes: number;
}

export type ElementHandler = (value: unknown, line: number) => void;

export class JsonArraySplitter {
  private state = State.Start;
  private line = 1;
  /** Inside the element: nesting depth, whether in a string, whether the next byte is escaped. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A scalar element (number, literal) runs until a delimiter. */
  private scalar = false;
  private elementLine = 0;
  /** Bytes of the element from earlier chunks. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  private elements = 0;
  private firstChunk = true;

  constructor(
    private readonly onElement: ElementHandler,
    private readonly options: JsonArrayOptions,
  ) {}

  /** Elements read so far. */
  get count(): number {
    return this.elements;
  }

  write(chunk: Buffer): void {
    let i = 0;
    if (this.firstChunk) {
      this.firstChunk = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      else if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new JsonSyntaxError("JSON in UTF-16 is not read: save it as UTF-8", 1);
      }
    }
    const n = chunk.length;
    let start = this.state === State.InElement ? 0 : -1;
    let nextBackslash = -1;
    let nextQuote = -1;
    while (i < n) {
      const state = this.state;
      if (state === State.InElement) {
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
            i++;
            continue;
          }
          // Both searches are remembered: a string with many escapes must not rescan the chunk.
          if (nextQuote < i) {
            nextQuote = chunk.indexOf(QUOTE, i);
            if (nextQuote < 0) nextQuote = n;
          }
          if (nextBackslash < i) {
            nextBackslash = chunk.indexOf(BACKSLASH, i);
            if (nextBackslash < 0) nextBackslash = n;
          }
          const quote = nextQuote;
          if (nextBackslash < quote) {
            i = nextBackslash + 1;
            this.escaped = true;
            continue;
          }
          if (quote === n) {
            i = n;
            break;
          }
          i = quote + 1;
          this.inString = false;
          if (this.depth === 0) {
            this.finishElement(chunk, start, i);
            start = -1;
          }
          continue;
        }
        const c = chunk[i] as number;
        if (this.scalar) {
          if (c === COMMA || c === CLOSE_BRACKET || isSpace(c)) {
            this.finishElement(chunk, start, i);
            start = -1;
            continue; // the delimiter is read in the next state
          }
          i++;
          continue;
        }
        i++;
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--this.depth === 0) {
            this.finishElement(chunk, start, i);
            start = -1;
          }
        } else if (c === LF) this.line++;
        continue;
      }
      const c = chunk[i] as number;
      if (isSpace(c)) {
        if (c === LF) this.line++;
        i++;
        continue;
      }
      if (state === State.Start) {
        if (c !== OPEN_BRACKET) throw new JsonSyntaxError(c === OPEN_BRACE ? "a JSON object, not an array" : "not a JSON array", this.line);
        this.state = State.BeforeElement;
        i++;
      } else if (state === State.Done) {
        throw new JsonSyntaxError("more data after the end of the array (files joined together?)", this.line);
      } else if (c === CLOSE_BRACKET && (state === State.AfterElement || this.elements === 0)) {
        this.state = State.Done;
        i++;
      } else if (state === State.AfterElement) {
        if (c !== COMMA) throw new JsonSyntaxError(`expected "," or "]" between elements, found ${describe(c)}`, this.line);
        this.state = State.BeforeElement;
        i++;
      } else {
        if (c === COMMA || c === CLOSE_BRACKET) throw new JsonSyntaxError(`expected an element, found ${describe(c)}`, this.line);
        this.state = State.InElement;
        this.elementLine = this.line;
        start = i;
        this.depth = 0;
        this.scalar = false;
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth = 1;
        else this.scalar = true;
        i++;
      }
    }
    if (this.state === State.InElement) this.keep(chunk, start);
  }

  end(): void {
    if (this.state === State.InElement && this.scalar) this.finishElement(Buffer.alloc(0), 0, 0);
    if (this.state === State.Done) return;
    const what = this.state === State.Start ? "no JSON array" : this.state === State.InElement ? "the file ends inside an element" : "the array is not closed";
    throw new JsonSyntaxError(`${what} (cut off?)`, this.state === State.InElement ? this.elementLine : this.line);
  }

  private keep(chunk: Buffer, start: number): void {
    const part = chunk.subarray(start);
    this.partBytes += part.length;
    if (this.partBytes > this.options.maxElementBytes) {
      throw new JsonSyntaxError(`an element longer than ${this.options.maxElementBytes} bytes (a string not closed?)`, this.elementLine);
    }
    // A copy: the caller may reuse the chunk's memory.
    this.parts.push(Buffer.from(part));
  }

  private finishElement(chunk: Buffer, start: number, end: number): void {
    let bytes = chunk.subarray(start, end);
    if (this.parts.length > 0) {
      bytes = Buffer.concat([...this.parts, bytes]);
      this.parts = [];
      this.partBytes = 0;
    }
    if (bytes.length > this.options.maxElementBytes) {
      throw new JsonSyntaxError(`an element longer than ${this.options.maxElementBytes} bytes`, this.elementLine);
    }
    this.state = State.AfterElement;
    this.elements++;
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      throw new JsonSyntaxError(`malformed JSON element: ${(err as Error).message}`, this.elementLine);
    }
    this.onElement(value, this.elementLine);
  }
}

function describe(c: number): string {
  return c >= 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}
