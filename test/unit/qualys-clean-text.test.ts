/** Qualys text clean-up, and its memory (TextCleaner) giving exactly what cleanText gives. */
import { describe, expect, it } from "vitest";
import { cleanText, realHostname, TextCleaner } from "../../src/parse/qualys/clean-text.js";

describe("cleanText", () => {
  it.each([
    ["  Windows   Authentication\n Failed ", "Windows Authentication Failed"],
    ["host&apos;s &#x41;&#66; &amp;amp;", "host's AB &amp;"],
    ["   ", null],
    [null, null],
  ])("%j -> %j", (raw, clean) => expect(cleanText(raw)).toBe(clean));

  it("knows the names Qualys prints for no hostname", () => {
    expect(realHostname("No registered hostname")).toBeNull();
    expect(realHostname("N/A")).toBeNull();
    expect(realHostname(" web01 ")).toBe("web01");
  });
});

describe("TextCleaner", () => {
  it("gives what cleanText gives, remembered or not (beyond its limit too)", () => {
    const cleaner = new TextCleaner(3);
    const texts = ["  a  b ", "x&lt;y", "", " c", "d\t\te", "  a  b ", "x&lt;y", "d\t\te", "f"];
    for (const text of [...texts, ...texts]) expect(cleaner.clean(text)).toBe(cleanText(text));
  });

  it("does not keep long texts (a hostile file's megabyte titles), nor more than its limit", () => {
    const cleaner = new TextCleaner(3, 8);
    const long = `  ${"a ".repeat(20)}`;
    expect(cleaner.clean(long)).toBe(cleanText(long));
    expect(cleaner.size).toBe(0);
    for (const t of ["a", "b", "c", "d", "e"]) cleaner.clean(t);
    expect(cleaner.size).toBe(3);
  });
});
