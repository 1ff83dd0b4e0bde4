/**
 * Watches what follows the root element. Comments (Qualys's copyright trailer), white space and
 * stray characters are fine; markup that starts another document (`<?xml`, `<SCAN ...`) means two
 * files were joined, and reading only the first would lose the second silently.
 */
import { LF, LT } from "./bytes.js";

export class TrailerWatch {
  private inComment = false;
  /** The last bytes of the previous chunk, for markers split across chunks. */
  private tail = Buffer.alloc(0);
  private lines = 0;
  /** Line (relative to where the root closed) of a second document's start, once seen. */
  found: number | null = null;

  feed(chunk: Buffer): void {
    if (this.found !== null) return;
    // The kept tail's lines were not counted yet: counting starts at 0 of the joined buffer.
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    let i = 0;
    for (;;) {
      if (this.inComment) {
        const end = buf.indexOf("-->", i);
        if (end < 0) {
          this.keepTail(buf, Math.max(i, buf.length - 2));
          return;
        }
        this.inComment = false;
        i = end + 3;
        continue;
      }
      const lt = buf.indexOf(LT, i);
      if (lt < 0 || lt + 4 > buf.length) {
        this.keepTail(buf, lt < 0 ? buf.length : lt);
        return;
      }
      if (buf.toString("latin1", lt + 1, lt + 4) === "!--") {
        this.inComment = true;
        i = lt + 4;
        continue;
      }
      const next = buf[lt + 1] ?? 0;
      if (next === 0x3f || next === 0x21 || /[A-Za-z_]/.test(String.fromCharCode(next))) {
        this.found = this.lines + countLines(buf, lt);
        return;
      }
      i = lt + 1;
    }
  }

  /** Keep buf[from...] for the next chunk (its lines are counted then) and count the rest. */
  private keepTail(buf: Buffer, from: number): void {
    this.lines += countLines(buf, from);
    this.tail = Buffer.from(buf.subarray(from));
  }
}

/** Newlines in buf[0, to). */
function countLines(buf: Buffer, to: number): number {
  let n = 0;
  for (let k = buf.indexOf(LF); k >= 0 && k < to; k = buf.indexOf(LF, k + 1)) n++;
  return n;
}
