/** ByteStrings: the string of some bytes, the same string object when the same bytes come again. */
import { describe, expect, it } from "vitest";
import { ByteStrings } from "../../src/parse/xml/name-cache.js";
import { XmlTokenizer } from "../../src/parse/xml/tokenizer.js";

describe("ByteStrings", () => {
  it("decodes as asked and returns the same object for the same bytes, anywhere in a buffer", () => {
    const cache = new ByteStrings(8);
    const a = Buffer.from("xx Zoom Update yy");
    const b = Buffer.from("Zoom Update");
    const first = cache.get(a, 3, 14, false);
    expect(first).toBe("Zoom Update");
    expect(cache.get(b, 0, b.length, false)).toBe(first);
    const utf8 = Buffer.from("Größe");
    expect(cache.get(utf8, 0, utf8.length, false)).toBe("Größe");
    expect(cache.get(Buffer.from([0x47, 0xe9]), 0, 2, true)).toBe("Gé");
  });

  it("never mixes up values that share a slot, a prefix or a length", () => {
    const cache = new ByteStrings(2);
    const values = ["", "a", "b", "ab", "ba", "abc", "1", "10", "100", "01"];
    for (let round = 0; round < 3; round++) {
      for (const v of values) expect(cache.get(Buffer.from(v), 0, Buffer.byteLength(v), false)).toBe(v);
    }
  });

  it("gives a tokenizer's handler the same text and attribute values it would decode one by one", () => {
    const host = (i: number) => `<VULN number="${100 + (i % 3)}" severity="${i % 5}"><TITLE><![CDATA[Title ${i % 4}]]> &amp; more</TITLE></VULN>`;
    const doc = `<R>${Array.from({ length: 40 }, (_, i) => host(i)).join("\n")}</R>`;
    const seen: string[] = [];
    const tokenizer = new XmlTokenizer({
      onOpen: (name, attrs) => {
        if (name === "VULN") seen.push(`${attrs.number}/${attrs.severity}`);
        return name === "TITLE";
      },
      onText: (text) => seen.push(text),
      onClose: () => undefined,
    });
    for (let i = 0; i < doc.length; i += 7) tokenizer.write(Buffer.from(doc.slice(i, i + 7)));
    const expected = Array.from({ length: 40 }, (_, i) => [`${100 + (i % 3)}/${i % 5}`, `Title ${i % 4} & more`]).flat();
    expect(seen).toEqual(expected);
  });
});
