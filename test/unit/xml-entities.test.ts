import { describe, expect, it } from "vitest";
import { decodeAttributeValue } from "../../src/parse/xml/attributes.js";
import { decodeEntity, findEntityEnd, writeUtf8 } from "../../src/parse/xml/entities.js";
import { ourEvents } from "../fixtures/xml/harness.js";

/** Code point of a reference written as text ("&lt;"), or -1. */
function decode(ref: string): number {
  const buf = Buffer.from(ref);
  const semi = findEntityEnd(buf, 0, buf.length);
  return semi < 0 ? -1 : decodeEntity(buf, 0, semi);
}

describe("entity references", () => {
  it.each([
    ["&lt;", 0x3c],
    ["&gt;", 0x3e],
    ["&amp;", 0x26],
    ["&apos;", 0x27],
    ["&quot;", 0x22],
    ["&#65;", 65],
    ["&#x41;", 0x41],
    ["&#X41;", -1], // XML requires a lower-case x
    ["&#xe9;", 0xe9],
    ["&#xE9;", 0xe9],
    ["&#x1F600;", 0x1f600],
    ["&#1114111;", 0x10ffff],
    ["&#x110000;", -1],
    ["&#0;", -1],
    ["&#xD800;", -1],
    ["&#xFFFE;", -1],
    ["&#9;", 9],
    ["&#;", -1],
    ["&#x;", -1],
    ["&#12a;", -1],
    ["&lol9;", -1],
    ["&LT;", -1],
    ["&ampx;", -1],
    ["&amp", -1],
    ["&averyveryverylongname;", -1],
  ])("%s -> %i", (ref, cp) => {
    expect(decode(ref)).toBe(cp);
  });

  it("writes UTF-8 like Buffer.from does", () => {
    for (const cp of [0x41, 0xe9, 0x20ac, 0x1f600, 0x10ffff]) {
      const out = new Uint8Array(4);
      const n = writeUtf8(out, 0, cp);
      expect(Buffer.from(out.subarray(0, n))).toEqual(Buffer.from(String.fromCodePoint(cp)));
    }
  });

  it.each([
    ["plain", "plain"],
    ["a &lt; b &amp;&amp; c", "a < b && c"],
    ["tab\there", "tab here"],
    ["crlf\r\nlf\ncr\rend", "crlf lf cr end"],
    ["&#10;&#13;&#9;", "\n\r\t"],
    ["&lol9; &unknown stays", "&lol9; &unknown stays"],
    ["é 😀 &#x20AC;", "é 😀 €"],
  ])("attribute value %j", (raw, value) => {
    const buf = Buffer.from(raw);
    expect(decodeAttributeValue(buf, 0, buf.length, false)).toBe(value);
  });

  it("reports the position of a '<' in an attribute value", () => {
    expect(decodeAttributeValue(Buffer.from("ab<c"), 0, 4, false)).toBe(2);
  });

  it("decodes references in text but not inside CDATA", () => {
    const events = ourEvents([Buffer.from("<T>&lt;b&gt; &amp;amp; <![CDATA[&lt;b&gt;]]> &#233;</T>")]);
    expect(events[1]).toEqual({ kind: "text", text: "<b> &amp; &lt;b&gt; é" });
  });

  it("keeps undefined references and bare ampersands as literal text", () => {
    const events = ourEvents([Buffer.from("<T a='AT&T &x;'>AT&T &lol9; &; &#xZZ; & done</T>")]);
    expect(events[0]).toEqual({ kind: "open", name: "T", attrs: { a: "AT&T &x;" } });
    expect(events[1]).toEqual({ kind: "text", text: "AT&T &lol9; &; &#xZZ; & done" });
  });
});
