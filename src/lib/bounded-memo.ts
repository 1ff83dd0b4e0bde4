/**
 * Remembers what a function gave for a text, for texts that repeat (a finding's title on every
 * host that has it). Bounded in count and in the length of the texts it keeps, so a hostile file
 * with endless distinct or megabyte-long texts costs no more than no memo: at most a few MB.
 */
import { detach } from "./retained-text.js";

export class BoundedMemo<V> {
  private readonly seen = new Map<string, V>();

  constructor(
    private readonly compute: (text: string) => V,
    private readonly limit = 10_000,
    private readonly maxLength = 256,
  ) {}

  /** Texts kept. */
  get size(): number {
    return this.seen.size;
  }

  get(text: string): V {
    if (text.length > this.maxLength) return this.compute(text);
    // One look-up for a value remembered (hashing the text is the cost); has() only for undefined.
    const known = this.seen.get(text);
    if (known !== undefined || this.seen.has(text)) return known as V;
    const value = this.compute(text);
    // A copy: the text may be a slice of a whole input chunk, which the key would keep alive.
    if (this.seen.size < this.limit) this.seen.set(detach(text), value);
    return value;
  }
}
