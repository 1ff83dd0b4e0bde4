/**
 * Names and short texts repeat endlessly in a scan file (a few dozen element names for millions of
 * tags; a finding's title on every host that has it). A direct-mapped cache keyed by the bytes
 * returns the same string each time instead of decoding a new one: no allocation, and a string whose
 * hash V8 has already computed, so the maps it is looked up in next are cheap. Bounded by its slots,
 * so endless distinct values only replace each other.
 */
export class ByteStrings {
  private readonly keys: (Uint8Array | undefined)[];
  private readonly strings: string[];
  private readonly mask: number;

  /** `slots`: a power of two. */
  constructor(slots: number) {
    this.keys = new Array<Uint8Array | undefined>(slots);
    this.strings = new Array<string>(slots).fill("");
    this.mask = slots - 1;
  }

  /** The string of buf[from, to), decoded as ISO-8859-1 (`latin1`) or UTF-8. */
  get(buf: Uint8Array, from: number, to: number, latin1: boolean): string {
    const n = to - from;
    let h = n;
    for (let i = from; i < to; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
    const slot = h & this.mask;
    const key = this.keys[slot];
    if (key !== undefined && key.length === n) {
      let k = 0;
      while (k < n && key[k] === buf[from + k]) k++;
      if (k === n) return this.strings[slot] as string;
    }
    const text = Buffer.prototype.toString.call(buf, latin1 ? "latin1" : "utf8", from, to);
    this.keys[slot] = Uint8Array.prototype.slice.call(buf, from, to);
    this.strings[slot] = text;
    return text;
  }
}

/** Element and attribute names, decoded as the document's encoding says. */
export class NameCache {
  private readonly strings = new ByteStrings(1024);
  /** Names are decoded as ISO-8859-1 instead of UTF-8 (set from the XML declaration, before any name). */
  latin1 = false;

  /** The name in buf[from, to). */
  get(buf: Buffer, from: number, to: number): string {
    return this.strings.get(buf, from, to, this.latin1);
  }
}
