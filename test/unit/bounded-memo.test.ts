/** BoundedMemo gives what its function gives, and keeps no more than its limits allow. */
import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/lib/bounded-memo.js";
import { cleanText } from "../../src/formats/qualys-xml/clean-text.js";

describe("BoundedMemo", () => {
  it("gives what the function gives, remembered or not (beyond its limit too)", () => {
    const memo = new BoundedMemo(cleanText, 3);
    const texts = ["  a  b ", "x&lt;y", "", " c", "d\t\te", "  a  b ", "x&lt;y", "d\t\te", "f"];
    for (const text of [...texts, ...texts]) expect(memo.get(text)).toBe(cleanText(text));
  });

  it("computes a remembered text once, and remembers null and undefined results too", () => {
    let calls = 0;
    const memo = new BoundedMemo((t: string) => (calls++, t === "none" ? null : undefined));
    for (let i = 0; i < 5; i++) {
      expect(memo.get("none")).toBeNull();
      expect(memo.get("other")).toBeUndefined();
    }
    expect(calls).toBe(2);
  });

  it("keeps neither long texts (a hostile file's megabyte titles) nor more than its limit", () => {
    let calls = 0;
    const memo = new BoundedMemo((t: string) => (calls++, t.length), 3, 8);
    const long = "x".repeat(9);
    expect(memo.get(long)).toBe(9);
    expect(memo.get(long)).toBe(9);
    expect(calls).toBe(2);
    expect(memo.size).toBe(0);
    for (const t of ["a", "b", "c", "d", "e"]) memo.get(t);
    expect(memo.size).toBe(3);
  });
});
