/**
 * The text of one element whose handler asked for it. Bytes are kept as UTF-8 and decoded once at the
 * end tag, so a character split across two chunks needs no special care. Capped: beyond `max` bytes
 * the rest is dropped and `truncated` is set, so one huge RESULT cannot exhaust memory.
 */
import { AMP, CR, LF, utf8Text } from "./bytes.js";
import { MAX_ENTITY_BYTES, decodeEntity, findEntityEnd, writeUtf8 } from "./entities.js";

export class TextCapture {
  private bytes: Buffer = Buffer.allocUnsafe(256);
  private len = 0;
  truncated = false;
  /** The last raw byte appended was a CR (already turned into LF): a following LF belongs to it. */
  private afterCr = false;

  constructor(
    private readonly max: number,
    /** Raw bytes are ISO-8859-1 and must be converted to UTF-8 as they are appended. */
    private readonly latin1: boolean,
  ) {}

  reset(): void {
    this.len = 0;
    this.truncated = false;
    this.afterCr = false;
  }

  /**
   * Character data in [from, to) with its entity references decoded. Returns the position up to which
   * the bytes were taken: less than `to` only when `to` is the end of the available input and an entity
   * reference may continue in the next chunk. `runEnds`: markup follows, so a CR cannot pair with a later LF.
   */
  appendText(buf: Buffer, from: number, to: number, atInputEnd: boolean, runEnds: boolean): number {
    // A JS loop, not indexOf: indexOf cannot be bounded by `to` and would scan the rest of the chunk.
    let run = from;
    for (let i = from; i < to; i++) {
      if (buf[i] !== AMP) continue;
      const semi = findEntityEnd(buf, i, to);
      if (semi < 0) {
        if (atInputEnd && to - i < MAX_ENTITY_BYTES) {
          this.appendRaw(buf, run, i, false);
          return i;
        }
        continue;
      }
      const cp = decodeEntity(buf, i, semi);
      if (cp < 0) continue;
      this.appendRaw(buf, run, i, false);
      this.appendCodePoint(cp);
      run = semi + 1;
      i = semi;
    }
    this.appendRaw(buf, run, to, runEnds);
    return to;
  }

  /** Bytes taken as they are (CDATA, or text between references), with XML's CRLF/CR -> LF rule. */
  appendRaw(buf: Buffer, from: number, to: number, runEnds: boolean): void {
    if (from < to) {
      if (this.afterCr && buf[from] === LF) from++;
      this.afterCr = false;
      if (this.latin1) this.appendLatin1(buf, from, to);
      else this.appendUtf8(buf, from, to);
    }
    if (runEnds) this.afterCr = false;
  }

  private appendUtf8(buf: Buffer, from: number, to: number): void {
    const start = this.len;
    const n = this.room(to - from);
    buf.copy(this.bytes, start, from, from + n);
    this.len = start + n;
    this.normaliseCr(start);
  }

  private appendLatin1(buf: Buffer, from: number, to: number): void {
    const start = this.len;
    for (let i = from; i < to && !this.truncated; i++) this.appendCodePoint(buf[i] as number);
    this.normaliseCr(start);
  }

  private appendCodePoint(cp: number): void {
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (this.room(size) < size) return;
    this.len += writeUtf8(this.bytes, this.len, cp);
    this.afterCr = false;
  }

  /** Rewrites CRLF as LF and a lone CR as LF in bytes[start, len). */
  private normaliseCr(start: number): void {
    const b = this.bytes;
    let r = start;
    while (r < this.len && b[r] !== CR) r++;
    if (r === this.len) return;
    let w = r;
    for (; r < this.len; r++) {
      const c = b[r] as number;
      if (c === CR) {
        b[w++] = LF;
        if (r + 1 < this.len && b[r + 1] === LF) r++;
        else if (r + 1 === this.len) this.afterCr = true;
      } else b[w++] = c;
    }
    this.len = w;
  }

  /** Grows the store for `want` more bytes; returns how many fit under the cap. */
  private room(want: number): number {
    // Once anything was dropped nothing more is kept, so the text is always a prefix of the real one.
    if (this.truncated) return 0;
    const n = Math.min(want, this.max - this.len);
    if (n < want) this.truncated = true;
    const need = this.len + n;
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.max, Math.max(need, this.bytes.length * 2)));
      this.bytes.copy(grown, 0, 0, this.len);
      this.bytes = grown;
    }
    return n;
  }

  /** The text so far; when truncated, cut at a character boundary rather than mid-character. */
  take(): string {
    let end = this.len;
    if (this.truncated) end = utf8Boundary(this.bytes, end);
    return utf8Text(this.bytes, 0, end);
  }
}

/** Largest n <= end such that bytes[0, n) does not end inside a UTF-8 sequence. */
function utf8Boundary(bytes: Uint8Array, end: number): number {
  let lead = end - 1;
  while (lead >= 0 && lead > end - 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  if (lead < 0) return end;
  const b = bytes[lead] as number;
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size <= end ? end : lead;
}
