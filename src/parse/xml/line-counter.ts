import { LF } from "./bytes.js";

/**
 * Counts lines up to a position, for the tokenizer's event and error lines. Positions asked for only
 * grow, so every LF is found exactly once with a native search (indexOf); remembering where the next
 * LF is keeps a file without line breaks from being rescanned for every tag.
 */
export class LineCounter {
  /** 1-based line of the last position asked for. */
  line = 1;
  private buf: Buffer = Buffer.alloc(0);
  /** Index in `buf` of the first LF not yet counted, or buf.length when there is none. */
  private nextLf = 0;

  /** Start on a new buffer whose position `from` follows the last position counted. */
  reset(buf: Buffer, from: number): void {
    this.buf = buf;
    const i = buf.indexOf(LF, from);
    this.nextLf = i < 0 ? buf.length : i;
  }

  /** Line of the byte at `pos` (counting every LF before it). */
  at(pos: number): number {
    if (this.nextLf < pos) {
      const { buf } = this;
      let line = this.line;
      let i = this.nextLf;
      while (i < pos) {
        line++;
        i = buf.indexOf(LF, i + 1);
        if (i < 0) i = buf.length;
      }
      this.line = line;
      this.nextLf = i;
    }
    return this.line;
  }
}
