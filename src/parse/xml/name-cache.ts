/**
 * Element and attribute names repeat endlessly in a scan file (a few dozen distinct names for
 * millions of tags). A small direct-mapped cache keyed by the name's bytes returns the same string
 * each time instead of decoding a new one per tag. Names also come in the same order again and
 * again (`INFO number severity TITLE LAST_UPDATE ...` for every finding), so read() first tries
 * the name that followed the previous one last time: one comparison instead of a scan, a hash and
 * a comparison.
 */
import { isNameChar, scanName } from "./bytes.js";

const SLOTS = 1024;

export class NameCache {
  private readonly keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS);
  private readonly names: string[] = new Array<string>(SLOTS).fill("");
  /** By slot: the slot of the name read() gave after it last time, or -1. */
  private readonly successor = new Int32Array(SLOTS).fill(-1);
  /** The slot of the name read() gave last (a start slot before any). */
  private previous = 0;
  /** Names are decoded as ISO-8859-1 instead of UTF-8 (set from the XML declaration, before any name). */
  latin1 = false;
  /** Where the name read() returned ends. */
  end = 0;

  /**
   * The name starting at `from` (the bytes up to the first one that cannot be part of a name), or
   * null when it reaches `end`: more bytes are needed. Its end goes to `this.end`.
   */
  read(buf: Buffer, from: number, end: number): string | null {
    const guess = this.successor[this.previous] as number;
    if (guess >= 0) {
      const key = this.keys[guess] as Uint8Array;
      const stop = from + key.length;
      if (stop < end && !isNameChar(buf[stop] as number)) {
        let k = 0;
        while (k < key.length && key[k] === buf[from + k]) k++;
        if (k === key.length) {
          this.end = stop;
          this.previous = guess;
          return this.names[guess] as string;
        }
      }
    }
    const to = scanName(buf, from, end);
    if (to === end) return null;
    this.end = to;
    const slot = this.slotOf(buf, from, to);
    this.successor[this.previous] = slot;
    this.previous = slot;
    return this.names[slot] as string;
  }

  /** The name in buf[from, to). */
  get(buf: Buffer, from: number, to: number): string {
    return this.names[this.slotOf(buf, from, to)] as string;
  }

  private slotOf(buf: Buffer, from: number, to: number): number {
    const n = to - from;
    let h = n;
    for (let i = from; i < to; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
    const slot = h & (SLOTS - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === n) {
      let k = 0;
      while (k < n && key[k] === buf[from + k]) k++;
      if (k === n) return slot;
    }
    this.keys[slot] = Uint8Array.prototype.slice.call(buf, from, to);
    this.names[slot] = buf.toString(this.latin1 ? "latin1" : "utf8", from, to);
    return slot;
  }
}
