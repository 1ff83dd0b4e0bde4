/** TextColumn gives back exactly the text each slot was given, whatever its characters. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextColumn } from "../../src/lib/text-column.js";

describe("TextColumn", () => {
  it("keeps text per slot, null for none, across growth and replacement", () => {
    const column = new TextColumn();
    expect(column.get(0)).toBeNull();
    expect(column.get(99_999)).toBeNull();
    column.set(5000, "web01.example.com");
    column.set(3, "");
    column.set(7, "Müller 😀 ∑ \u0000 x");
    expect(column.get(5000)).toBe("web01.example.com");
    expect(column.get(3)).toBe("");
    expect(column.get(7)).toBe("Müller 😀 ∑ \u0000 x");
    column.set(7, "shorter");
    column.set(3, null);
    expect(column.get(7)).toBe("shorter");
    expect(column.get(3)).toBeNull();
    expect([...column.values()]).toEqual(["shorter", "web01.example.com"]);
  });

  it("says whether a slot holds a text (an empty one too) without reading it; clear drops them all", () => {
    const column = new TextColumn();
    column.set(4, "");
    column.set(2000, "db01");
    column.set(9, "a\ud800");
    expect([0, 4, 9, 2000, 5000].map((slot) => column.has(slot))).toEqual([false, true, true, true, false]);
    column.set(4, null);
    expect(column.has(4)).toBe(false);
    column.clear();
    expect([9, 2000].map((slot) => column.has(slot))).toEqual([false, false]);
    expect(column.get(2000)).toBeNull();
    expect(column.liveBytes).toBe(0);
    expect([...column.values()]).toEqual([]);
    // Usable again after.
    column.set(3000, "web02");
    expect(column.get(3000)).toBe("web02");
  });

  it("keeps a string UTF-8 cannot hold (a lone surrogate) exactly", () => {
    const column = new TextColumn();
    column.set(2, "a\ud800b");
    expect(column.get(2)).toBe("a\ud800b");
    expect([...column.values()]).toEqual(["a\ud800b"]);
    column.set(2, "plain");
    expect(column.get(2)).toBe("plain");
    expect([...column.values()]).toEqual(["plain"]);
  });

  it("agrees with a Map on random writes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.option(fc.string({ unit: fc.oneof(fc.constant("\ud800"), fc.constant("\udc00"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 40 }))), { maxLength: 300 }), (writes) => {
        const column = new TextColumn();
        const reference = new Map<number, string | null>();
        for (const [slot, text] of writes) {
          column.set(slot, text);
          reference.set(slot, text);
        }
        for (const [slot, text] of reference) expect(column.get(slot)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe("TextColumn memory", () => {
  it("moves the live texts together once half its bytes are unused, and reads them back", () => {
    const column = new TextColumn(0, 64);
    let appended = 0;
    const textOf = (slot: number, round: number) => `${slot}:${"é€😀abc".repeat(round)}|${round}`;
    // Every round makes each text longer: it cannot be rewritten in place, so it is appended and
    // the old bytes become unused.
    for (let round = 1; round <= 40; round++) {
      for (let slot = 0; slot < 10; slot++) {
        column.set(slot, textOf(slot, round));
        appended += Buffer.byteLength(textOf(slot, round));
      }
      for (let slot = 0; slot < 10; slot++) expect(column.get(slot)).toBe(textOf(slot, round));
    }
    expect(column.liveBytes).toBe([...Array(10).keys()].reduce((n, slot) => n + Buffer.byteLength(textOf(slot, 40)), 0));
    expect(column.capacityBytes).toBeLessThan(appended / 4);
  });

  it("agrees with a Map through rewrites and compactions", () => {
    const unit = fc.oneof(fc.constantFrom("a", "é", "€", "😀", "\ud800", "\u0000"), fc.string({ maxLength: 1 }));
    const text = fc.option(fc.string({ unit, maxLength: 60 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), text), { maxLength: 400 }), fc.constantFrom(0, 16, 200), (writes, threshold) => {
        const column = new TextColumn(threshold, 64);
        const reference = new Map<number, string | null>();
        for (const [slot, t] of writes) {
          column.set(slot, t);
          reference.set(slot, t);
        }
        for (const [slot, t] of reference) expect(column.get(slot)).toBe(t);
        const live = [...reference.values()].filter((t): t is string => t !== null);
        expect([...column.values()].sort()).toEqual([...live].sort());
        const encodable = live.filter((t) => (t as string & { isWellFormed(): boolean }).isWellFormed());
        expect(column.liveBytes).toBe(encodable.reduce((n, t) => n + Buffer.byteLength(t), 0));
      }),
      { numRuns: 300 },
    );
  });

  it("follows the texts kept, not the writes: rewriting the same slots does not grow it", () => {
    const column = new TextColumn();
    const long = (i: number, n: number) => `${"x".repeat(n)} ${i}`;
    for (let i = 0; i < 512; i++) column.set(i, long(i, 400));
    const live = column.liveBytes;
    // Rescans: the same text again (in place), then longer texts (appended), then shorter ones.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 512; i++) column.set(i, long(i, round % 2 === 0 ? 400 : 800 + round));
    }
    for (let i = 0; i < 512; i++) column.set(i, long(i, 400));
    for (let i = 0; i < 512; i++) expect(column.get(i)).toBe(long(i, 400));
    expect(column.liveBytes).toBe(live);
    // Without compaction 50 rounds of 512 x ~800 bytes would need ~20 MB.
    expect(column.capacityBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
