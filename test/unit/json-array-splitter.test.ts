/**
 * The streaming JSON array splitter against a well-kept streaming parser (@streamparser/json) and
 * JSON.parse of the whole text: the same elements, whatever the chunk boundaries, for generated
 * documents with the awkward parts (escaped quotes and backslashes, nested arrays in strings,
 * multi-byte characters split across chunks, scalars).
 */
import { JSONParser } from "@streamparser/json";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArraySplitter, JsonSyntaxError } from "../../src/parse/json/json-array-splitter.js";

function split(bytes: Buffer, cuts: readonly number[], maxElementBytes = 1 << 20): { values: unknown[]; lines: number[] } {
  const values: unknown[] = [];
  const lines: number[] = [];
  const splitter = new JsonArraySplitter(
    (v, line) => {
      values.push(v);
      lines.push(line);
    },
    { maxElementBytes },
  );
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(bytes.length, cut);
    splitter.write(bytes.subarray(from, at));
    from = at;
  }
  splitter.write(bytes.subarray(from));
  splitter.end();
  return { values, lines };
}

function library(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  parser.onValue = ({ value }) => {
    out.push(value);
  };
  parser.write(bytes);
  if (!parser.isEnded) parser.end();
  return out;
}

const awkwardString = fc.oneof(
  fc.string(),
  fc.constantFrom('"', "\\", '\\"', "]", "}", "[", "{", ",", "\n", "é", "😀", "\u0000", "\u2028"),
  fc.string({ unit: "grapheme" }),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    awkwardString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(awkwardString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("JsonArraySplitter", () => {
  it("property: the same elements as @streamparser/json and JSON.parse, at any chunk boundaries", () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { maxLength: 8 }), fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 }), (array, pretty, cuts) => {
        const bytes = Buffer.from(JSON.stringify(array, null, pretty ? 4 : undefined));
        const mine = split(bytes, cuts).values;
        // -0 and 0 are the same element; compare as JSON text.
        expect(JSON.stringify(mine)).toBe(JSON.stringify(JSON.parse(bytes.toString())));
        expect(JSON.stringify(mine)).toBe(JSON.stringify(library(bytes)));
      }),
      { numRuns: 400 },
    );
  });

  it("every single-byte split of a document with escapes and multi-byte text", () => {
    const doc = Buffer.from('[ {"a": "x\\"]}\\\\", "b": ["é😀", {"c": "\\\\"}]}, "s\\u0041", -1.5e3, true, null, [] ]');
    const expected = JSON.stringify(JSON.parse(doc.toString()));
    for (let cut = 0; cut <= doc.length; cut++) expect(JSON.stringify(split(doc, [cut]).values)).toBe(expected);
    expect(JSON.stringify(split(doc, Array.from({ length: doc.length }, (_, i) => i)).values)).toBe(expected);
  });

  it("gives each element the line it starts on", () => {
    const doc = Buffer.from('[\n  {"a": 1},\n  {"b":\n 2},\n  3\n]\n');
    expect(split(doc, [5, 17]).lines).toEqual([2, 3, 5]);
  });

  it.each([
    ["{}", 1, "a JSON object, not an array"],
    ["[1, 2", 1, "the array is not closed (cut off?)"],
    ['[{"a": "b', 1, "the file ends inside an element (cut off?)"],
    ["[1,]", 1, 'expected an element, found "]"'],
    ["[1 2]", 1, 'expected "," or "]" between elements, found "2"'],
    ["[1]\n[2]", 2, "more data after the end of the array (files joined together?)"],
    ['[{"a": tru}]', 1, "malformed JSON element"],
    ["", 1, "no JSON array (cut off?)"],
  ])("%j: %s", (text, line, reason) => {
    let caught: unknown = null;
    try {
      split(Buffer.from(text), []);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    expect((caught as JsonSyntaxError).line).toBe(line);
    expect((caught as JsonSyntaxError).reason).toContain(reason);
  });

  it("refuses an element larger than the limit, whether it comes in one chunk or many", () => {
    const doc = Buffer.from(`[{"a": "${"x".repeat(5000)}"}]`);
    expect(() => split(doc, [], 1000)).toThrow(/an element longer than 1000 bytes/);
    expect(() => split(doc, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100], 1000)).toThrow(/an element longer than 1000 bytes/);
  });

  it("refuses UTF-16 and reads past a UTF-8 byte order mark", () => {
    expect(() => split(Buffer.from([0xff, 0xfe, 0x5b, 0x00, 0x5d, 0x00]), [])).toThrow(/UTF-16/);
    expect(split(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("[1]")]), []).values).toEqual([1]);
  });
});
