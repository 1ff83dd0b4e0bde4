/**
 * A string per slot (or none), kept outside the garbage-collected heap: UTF-8 bytes in one growing
 * buffer, found by offset and length. A Qualys export names nearly every host, and 100,000
 * hostnames as JavaScript strings cost 10-40 MB of peak memory at 2 GB (their own size plus the
 * headroom V8 keeps above live objects); here they cost their bytes.
 *
 * A slot's text is replaced in place when the new one fits (a rescan row usually repeats the same
 * text), else appended; bytes left unused are reclaimed by compacting once they outweigh the
 * live ones, so memory follows the texts kept, not the rows read. A string UTF-8 cannot hold
 * exactly (a lone surrogate; the decoders here never make one, but the column does not rely on
 * it) is kept as a string.
 */
import { grown, release } from "./typed-arrays.js";

/** String.prototype.isWellFormed (Node 20 has it; the ES2022 type library does not know it). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Unused bytes below this are not worth a compaction. */
const MIN_COMPACT_BYTES = 1 << 20;

export class TextColumn {
  private bytes: Buffer;

  /** The parameters are for tests, which need growth and compactions on small data. */
  constructor(
    private readonly minCompactBytes = MIN_COMPACT_BYTES,
    initialBytes = 16 * 1024,
  ) {
    this.bytes = Buffer.alloc(Math.max(16, initialBytes));
  }

  private used = 0;
  /** Bytes of `used` that no slot points to any more. */
  private unused = 0;
  private starts = new Uint32Array(1024);
  /** Byte length + 1 per slot; 0 means no text. */
  private lengths = new Uint32Array(1024);
  private readonly unencodable = new Map<number, string>();

  /** Bytes held for live texts (what compaction keeps); for tests and measurements. */
  get liveBytes(): number {
    return this.used - this.unused;
  }

  /** Size of the byte buffer. */
  get capacityBytes(): number {
    return this.bytes.length;
  }

  set(slot: number, text: string | null): void {
    if (this.unencodable.size > 0) this.unencodable.delete(slot);
    const old = slot < this.lengths.length ? (this.lengths[slot] as number) - 1 : -1;
    if (text === null || !isWellFormed(text)) {
      if (old >= 0) this.release(slot, old);
      if (text !== null) this.unencodable.set(slot, text);
      return;
    }
    if (old >= 0) {
      const size = Buffer.byteLength(text, "utf8");
      if (size <= old) {
        const start = this.starts[slot] as number;
        this.bytes.write(text, start, "utf8");
        this.lengths[slot] = size + 1;
        this.unused += old - size;
        return;
      }
      this.release(slot, old);
    }
    this.ensureSlot(slot);
    // At most 3 bytes per UTF-16 unit: reserve that, then write exactly.
    this.reserve(text.length * 3);
    const written = this.bytes.write(text, this.used, "utf8");
    this.starts[slot] = this.used;
    this.lengths[slot] = written + 1;
    this.used += written;
  }

  /** Whether a slot holds a text (the empty one too), without making it a string. */
  has(slot: number): boolean {
    if (slot < this.lengths.length && this.lengths[slot] !== 0) return true;
    return this.unencodable.size > 0 && this.unencodable.has(slot);
  }

  get(slot: number): string | null {
    const length = slot < this.lengths.length ? (this.lengths[slot] as number) : 0;
    if (length === 0) return this.unencodable.size > 0 ? (this.unencodable.get(slot) ?? null) : null;
    const start = this.starts[slot] as number;
    return this.bytes.toString("utf8", start, start + length - 1);
  }

  /** Drops every text, and gives the memory back at once rather than at a full collection (see release()). */
  clear(): void {
    release(this.bytes);
    release(this.starts);
    release(this.lengths);
    this.bytes = Buffer.alloc(16);
    this.starts = new Uint32Array(16);
    this.lengths = new Uint32Array(16);
    this.used = 0;
    this.unused = 0;
    this.unencodable.clear();
  }

  /** Every text held, in no particular order. */
  *values(): Generator<string> {
    for (let slot = 0; slot < this.lengths.length; slot++) {
      if (this.lengths[slot] !== 0) yield this.get(slot) as string;
    }
    yield* this.unencodable.values();
  }

  private release(slot: number, size: number): void {
    this.lengths[slot] = 0;
    this.unused += size;
  }

  private ensureSlot(slot: number): void {
    let n = this.lengths.length;
    if (slot < n) return;
    while (n <= slot) n *= 2;
    this.starts = grown(this.starts, n);
    this.lengths = grown(this.lengths, n);
  }

  /**
   * Room for `extra` more bytes, in one new buffer: the live texts moved together (dropping the
   * unused bytes) once those are at least half of what is used, else copied as they are.
   */
  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const compact = this.unused >= this.minCompactBytes && this.unused * 2 >= this.used;
    const kept = compact ? this.used - this.unused : this.used;
    let n = this.bytes.length;
    while (n < kept + extra) n *= 2;
    const fresh = Buffer.alloc(n);
    if (compact) this.moveLiveTexts(fresh);
    else this.bytes.copy(fresh, 0, 0, this.used);
    release(this.bytes);
    this.bytes = fresh;
  }

  private moveLiveTexts(fresh: Buffer): void {
    let at = 0;
    for (let slot = 0; slot < this.lengths.length; slot++) {
      const length = this.lengths[slot] as number;
      if (length === 0) continue;
      const start = this.starts[slot] as number;
      this.bytes.copy(fresh, at, start, start + length - 1);
      this.starts[slot] = at;
      at += length - 1;
    }
    this.used = at;
    this.unused = 0;
  }
}
