/**
 * A string per slot (or none), kept outside the garbage-collected heap: UTF-8 bytes appended to
 * one growing buffer, found by offset and length. A Qualys export names nearly every host, and
 * 100,000 hostnames as JavaScript strings cost 10-40 MB of peak memory at 2 GB (their own size
 * plus the headroom V8 keeps above live objects); here they cost their bytes.
 *
 * Append-only: replacing a slot's text leaves the old bytes unused (records are replaced only when
 * an IP is seen again, which is rare). A string UTF-8 cannot hold exactly (a lone surrogate; the
 * decoders here never make one, but the column does not rely on it) is kept as a string.
 */
import { widened } from "./typed-arrays.js";

/** String.prototype.isWellFormed (Node 20 has it; the ES2022 type library does not know it). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

export class TextColumn {
  private bytes = Buffer.alloc(16 * 1024);
  private used = 0;
  private starts = new Uint32Array(1024);
  /** Byte length + 1 per slot; 0 means no text. */
  private lengths = new Uint32Array(1024);
  private readonly unencodable = new Map<number, string>();

  set(slot: number, text: string | null): void {
    if (this.unencodable.size > 0) this.unencodable.delete(slot);
    if (text === null || !isWellFormed(text)) {
      if (slot < this.lengths.length) this.lengths[slot] = 0;
      if (text !== null) this.unencodable.set(slot, text);
      return;
    }
    this.ensureSlot(slot);
    // At most 3 bytes per UTF-16 unit: reserve that, then write exactly.
    this.ensureBytes(this.used + text.length * 3);
    const written = this.bytes.write(text, this.used, "utf8");
    this.starts[slot] = this.used;
    this.lengths[slot] = written + 1;
    this.used += written;
  }

  get(slot: number): string | null {
    const length = slot < this.lengths.length ? (this.lengths[slot] as number) : 0;
    if (length === 0) return this.unencodable.size > 0 ? (this.unencodable.get(slot) ?? null) : null;
    const start = this.starts[slot] as number;
    return this.bytes.toString("utf8", start, start + length - 1);
  }

  /** Every text held, in no particular order. */
  *values(): Generator<string> {
    for (let slot = 0; slot < this.lengths.length; slot++) {
      if (this.lengths[slot] !== 0) yield this.get(slot) as string;
    }
    yield* this.unencodable.values();
  }

  private ensureSlot(slot: number): void {
    let n = this.lengths.length;
    if (slot < n) return;
    while (n <= slot) n *= 2;
    this.starts = widened(this.starts, n);
    this.lengths = widened(this.lengths, n);
  }

  private ensureBytes(needed: number): void {
    if (needed <= this.bytes.length) return;
    let n = this.bytes.length;
    while (n < needed) n *= 2;
    const bigger = Buffer.alloc(n);
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}
