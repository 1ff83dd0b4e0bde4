/**
 * Splits a stream of bytes into lines (newline-delimited JSON): each line is decoded from UTF-8 on
 * its own, so a character split across two chunks is whole, and only the line being read is held.
 * A line ends at "\n" (a "\r" before it is dropped); the last line may lack it. Syntax only: what a
 * line means is the format reader's business.
 */

const LF = 0x0a;
const CR = 0x0d;

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxBytes: number,
  ) {
    super(`line ${line}: longer than ${maxBytes} bytes`);
  }
}

/** `terminated`: false only for a last line that ends without "\n" (a file cut off, or written so). */
export type LineHandler = (text: string, line: number, terminated: boolean) => void;

export class NdjsonLines {
  private line = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private first = true;

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxLineBytes: number,
  ) {}

  /** Lines seen so far (the last one counted once end() is called). */
  get lines(): number {
    return this.line;
  }

  write(chunk: Buffer): void {
    let start = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      // A UTF-8 byte order mark (an editor's) is not part of the first line.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (let end = chunk.indexOf(LF, start); end >= 0; end = chunk.indexOf(LF, start)) {
      if (this.partBytes + end - start > this.maxLineBytes) throw new LineTooLongError(this.line + 1, this.maxLineBytes);
      this.emit(this.take(chunk, start, end), true);
      start = end + 1;
    }
    if (start < chunk.length) {
      this.partBytes += chunk.length - start;
      if (this.partBytes > this.maxLineBytes) throw new LineTooLongError(this.line + 1, this.maxLineBytes);
      // Copied: the chunk would otherwise stay alive as long as the line is unfinished.
      this.parts.push(Buffer.from(chunk.subarray(start)));
    }
  }

  end(): void {
    if (this.partBytes > 0) {
      const bytes = Buffer.concat(this.parts);
      this.parts = [];
      this.partBytes = 0;
      this.emit(bytes, false);
    }
  }

  /** The line from the unfinished bytes of earlier chunks and chunk[start, end). */
  private take(chunk: Buffer, start: number, end: number): Buffer {
    if (this.parts.length === 0) return chunk.subarray(start, end);
    this.parts.push(chunk.subarray(start, end));
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    return bytes;
  }

  private emit(bytes: Buffer, terminated: boolean): void {
    const length = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    this.onLine(bytes.toString("utf8", 0, length), ++this.line, terminated);
  }
}
