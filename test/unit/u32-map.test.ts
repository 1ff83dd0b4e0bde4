import { describe, expect, it } from "vitest";
import { U32Map } from "../../src/aggregate/u32-map.js";

describe("U32Map", () => {
  it("agrees with a Map over many keys, growing as it goes (neighbours, extremes, collisions)", () => {
    const ours = new U32Map(4);
    const reference = new Map<number, number>();
    const keys = [0, 1, 0xffffffff, 0x80000000, ...Array.from({ length: 5000 }, (_, i) => 0x0a000000 + i), ...Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 0)];
    keys.forEach((k) => {
      if (reference.has(k)) return;
      reference.set(k, reference.size);
      ours.add(k, reference.size - 1);
    });
    expect(ours.size).toBe(reference.size);
    for (const [k, v] of reference) expect(ours.get(k)).toBe(v);
    expect(ours.get(0x0b000000)).toBe(-1);
    const seen = new Map<number, number>();
    ours.forEach((k, v) => seen.set(k, v));
    expect(seen).toEqual(reference);
  });

  it("clear drops every key; the map takes keys again after", () => {
    const map = new U32Map(4);
    for (let k = 0; k < 100; k++) map.add(k * 7, k);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get(7)).toBe(-1);
    for (let k = 0; k < 50; k++) map.add(k * 3, k + 1);
    expect(map.size).toBe(50);
    expect(map.get(147)).toBe(50);
    expect(map.get(7)).toBe(-1);
  });
});
