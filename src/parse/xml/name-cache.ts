/**
 * Element and attribute names repeat endlessly in a scan file (a few dozen distinct names for
 * millions of tags). A small direct-mapped cache keyed by the name's bytes returns the same string
 * each time instead of decoding a new one per tag.
 */
const SLOTS = 1024;

export class NameCache {
  private readonly keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS);
  private readonly names: string[] = new Array<string>(SLOTS).fill("");
  /** Names are decoded as ISO-8859-1 instead of UTF-8 (set from the XML declaration, before any name). */
  latin1 = false;

  /** The name in buf[from, to). */
  get(buf: Buffer, from: number, to: number): string {
    const n = to - from;
    let h = n;
    for (let i = from; i < to; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
    const slot = h & (SLOTS - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === n) {
      let k = 0;
      while (k < n && key[k] === buf[from + k]) k++;
      if (k === n) return this.names[slot] as string;
    }
    const name = buf.toString(this.latin1 ? "latin1" : "utf8", from, to);
    this.keys[slot] = Uint8Array.prototype.slice.call(buf, from, to);
    this.names[slot] = name;
    return name;
  }
}
