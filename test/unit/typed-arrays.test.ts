/** Column helpers: memory given back at once, growth and 16-to-32-bit widening keep every value. */
import { describe, expect, it } from "vitest";
import { grown, release, wider, widened } from "../../src/lib/typed-arrays.js";

describe("typed-array columns", () => {
  it("release empties a column that owns its buffer; a view of part of a buffer is left alone", () => {
    const column = Float64Array.from([1, 2, 3]);
    release(column);
    expect(column.length).toBe(0);
    expect(column.buffer.byteLength).toBe(0);
    const shared = new ArrayBuffer(64);
    const part = new Uint32Array(shared, 16, 4);
    part.set([7, 8, 9, 10]);
    release(part);
    expect([...part]).toEqual([7, 8, 9, 10]);
    // A pooled Buffer: other Buffers share its memory.
    const pooled = Buffer.from("pooled");
    release(pooled);
    expect(pooled.toString()).toBe("pooled");
    // Twice is harmless.
    release(column);
    expect(column.length).toBe(0);
  });

  it("grown copies into a larger column (the new part zero) and releases the old one; widened keeps it", () => {
    const old = Uint32Array.from([5, 6, 7]);
    const kept = widened(old, 5);
    expect([...kept]).toEqual([5, 6, 7, 0, 0]);
    expect(old.length).toBe(3);
    const bigger = grown(old, 6);
    expect(bigger).toBeInstanceOf(Uint32Array);
    expect([...bigger]).toEqual([5, 6, 7, 0, 0, 0]);
    expect(old.length).toBe(0);
  });

  it("wider turns a 16-bit column into a 32-bit one with the same values, which then holds more", () => {
    const narrow = Uint16Array.from([0, 1, 0xffff]);
    const wide = wider(narrow);
    expect(wide).toBeInstanceOf(Uint32Array);
    expect([...wide]).toEqual([0, 1, 0xffff]);
    expect(narrow.length).toBe(0);
    wide[2] = 0x10000;
    expect(wide[2]).toBe(0x10000);
  });
});
