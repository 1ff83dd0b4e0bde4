import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, safeCell, safeJson, safeText } from "../../src/render/sanitize.js";

const ESC = "\u001b";
const CSI = "\u009b";
const BEL = "\u0007";
const DEL = "\u007f";

/** No C0 (except the allowed ones), DEL or C1 character left raw. */
function hasRawControl(text: string, allowed = ""): boolean {
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
    if (control && !allowed.includes(c)) return true;
  }
  return false;
}

describe("safeCell: one-line table cells", () => {
  it.each([
    ["plain host-01.example.com", "plain host-01.example.com"],
    ["", ""],
    ["café 日本 \u00a0nbsp", "café 日本 \u00a0nbsp"],
    [`${ESC}[31mred${ESC}[0m`, "\\x1b[31mred\\x1b[0m"],
    [`${ESC}]0;title${BEL}`, "\\x1b]0;title\\x07"],
    [`${CSI}2J`, "\\x9b2J"],
    [`bell${BEL}`, "bell\\x07"],
    [`del${DEL}`, "del\\x7f"],
    ["nul\u0000", "nul\\x00"],
    ["\u0085next line", "\\x85next line"],
    ["\u0080\u009f", "\\x80\\x9f"],
    ["back\bspace", "back\\x08space"],
    ["two\nlines", "two lines"],
    ["tab\there", "tab here"],
    ["cr\rhidden", "cr hidden"],
    ["crlf\r\nx", "crlf  x"],
    ["vt\u000bff\u000c", "vt\\x0bff\\x0c"],
  ])("%j -> %j", (raw, safe) => {
    expect(safeCell(raw)).toBe(safe);
    expect(hasRawControl(safeCell(raw))).toBe(false);
  });
});

describe("safeText: multi-line text", () => {
  it.each([
    ["plain", "plain"],
    ["two\nlines", "two\nlines"],
    ["tab\there", "tab\there"],
    [`${ESC}[2J`, "\\x1b[2J"],
    [`${CSI}31m`, "\\x9b31m"],
    [`ring${BEL}`, "ring\\x07"],
    [`rub${DEL}`, "rub\\x7f"],
    // A carriage return could overwrite what was printed on the line: made visible too.
    ["over\rwrite", "over\\x0dwrite"],
    ["nul\u0000", "nul\\x00"],
  ])("%j -> %j", (raw, safe) => {
    expect(safeText(raw)).toBe(safe);
    expect(hasRawControl(safeText(raw), "\n\t")).toBe(false);
  });
});

describe("safeJson", () => {
  it.each([
    { host: `evil${CSI}2J`, status: `x${DEL}y` },
    { text: "\u0080\u0081\u0085\u009b\u009f" },
    { esc: `${ESC}[31m${BEL}`, nl: "a\nb", nested: [{ c1: "\u0090" }] },
    { plain: "no controls here", n: 1, nothing: null },
    ["\u007f", "\u00a0 not a control", "é"],
  ])("%j: no raw control left, parses back to the original", (value) => {
    const json = safeJson(JSON.stringify(value));
    expect(hasRawControl(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });

  it("escapes C1 and DEL as \\u00XX", () => {
    expect(safeJson(JSON.stringify(`a${CSI}b${DEL}c\u0080`))).toBe('"a\\u009bb\\u007fc\\u0080"');
  });

  it("leaves ordinary and non-ASCII text alone", () => {
    expect(safeJson('{"a":"é日本\u00a0"}')).toBe('{"a":"é日本\u00a0"}');
  });

  it("works on pretty-printed JSON", () => {
    const value = { rows: [{ ip: "10.0.0.1", detail: `x${CSI}y` }] };
    const json = safeJson(JSON.stringify(value, null, 2));
    expect(JSON.parse(json)).toEqual(value);
    expect(json).toContain("\\u009b");
  });
});

describe("csvCell", () => {
  it.each<[unknown, string]>([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["plain", "plain"],
    [42, "42"],
    [2.4, "2.4"],
    [-5, "-5"],
    [true, "true"],
    // Formula starts are neutralised with an apostrophe.
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["+1", "'+1"],
    ["-1+2", "'-1+2"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1", "'\t=1"],
    ["=1,2", `"'=1,2"`],
    ["a=b", "a=b"],
    ["x-1", "x-1"],
    // RFC 4180 quoting
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ['"', '""""'],
    // Controls are made visible
    [`${ESC}[31mred`, "\\x1b[31mred"],
    [`a${CSI}b`, "a\\x9bb"],
    [`a${BEL}${DEL}`, "a\\x07\\x7f"],
    // Objects as JSON, quoted
    [{ a: 1 }, '"{""a"":1}"'],
    [["x", "y"], '"[""x"",""y""]"'],
  ])("%j -> %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each(["=", "+", "-", "@", "\t", "\r"])("a cell starting with %j starts with an apostrophe", (start) => {
    const cell = csvCell(`${start}cmd|' /C calc'!A0`);
    expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
    expect(hasRawControl(cell, "\t")).toBe(false);
  });

  it("never leaves a raw carriage return", () => {
    expect(csvCell("a\r\nb")).not.toMatch(/\r/);
    expect(csvCell("\rx")).not.toMatch(/\r/);
  });
});

describe("fast paths agree with the plain regular-expression definitions", () => {
  // The definitions the loops in sanitize.ts shortcut: escape every control character.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
  // eslint-disable-next-line no-control-regex
  const controlOrNewline = /[\u0000-\u001f\u007f-\u009f]/g;
  const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  const unit = fc.oneof(fc.integer({ min: 0, max: 0xa0 }).map((n) => String.fromCharCode(n)), fc.constantFrom("é", "€", "😀", '"', ","));

  it("on generated text", () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (text) => {
        expect(safeText(text)).toBe(text.replace(control, hex));
        expect(safeCell(text)).toBe(text.replace(controlOrNewline, (c) => (c === "\n" || c === "\r" || c === "\t" ? " " : hex(c))));
        const escaped = (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(control, hex);
        expect(csvCell(text)).toBe(/[",\r\n]/.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped);
      }),
      { numRuns: 2000 },
    );
  });
});
