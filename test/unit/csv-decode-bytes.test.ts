import { describe, expect, it } from "vitest";
import { ByteDecoder, decodeChunks, firstInvalidUtf8, guessEncoding, incompleteUtf8Tail } from "../../src/parse/csv/decode-bytes.js";
import { decodeWindows1252 } from "../../src/parse/csv/windows-1252.js";
import type { Message } from "../../src/messages/message.js";

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const utf16le = (text: string): Buffer => Buffer.from(text, "utf16le");
const utf16be = (text: string): Buffer => utf16le(text).swap16();

/** Decode `input` fed in pieces of `size` bytes; returns the text and the warning codes. */
function decode(input: Uint8Array, size: number, headBytes?: number): { text: string; codes: string[] } {
  const warnings: Message[] = [];
  const decoder = new ByteDecoder((m) => warnings.push(m), headBytes);
  let text = "";
  for (let i = 0; i < input.length; i += size) text += decoder.push(input.subarray(i, i + size));
  text += decoder.end();
  return { text, codes: warnings.map((w) => w.code) };
}

describe("guessEncoding", () => {
  it.each([
    ["UTF-8 BOM", bytes(0xef, 0xbb, 0xbf, 0x41), "utf-8", 3],
    ["UTF-16LE BOM", bytes(0xff, 0xfe, 0x41, 0), "utf-16le", 2],
    ["UTF-16BE BOM", bytes(0xfe, 0xff, 0, 0x41), "utf-16be", 2],
    ["plain ASCII", Buffer.from("IP,Status"), "utf-8", 0],
    ["valid UTF-8", Buffer.from("Müller"), "utf-8", 0],
    ["Windows-1252 ü", bytes(0x4d, 0xfc, 0x6c), "windows-1252", 0],
    ["UTF-8 cut inside a character", Buffer.from("Mü").subarray(0, 2), "utf-8", 0],
    ["empty", bytes(), "utf-8", 0],
  ])("%s", (_name, head, encoding, bomLength) => {
    expect(guessEncoding(head)).toEqual({ encoding, bomLength });
  });
});

describe("incompleteUtf8Tail", () => {
  it.each([
    [Buffer.from("abc"), 0],
    [Buffer.from("aü"), 0],
    [Buffer.from("aü").subarray(0, 2), 1],
    [Buffer.from("a€").subarray(0, 3), 2],
    [Buffer.from("a😀").subarray(0, 4), 3],
    [Buffer.from("a😀"), 0],
    [bytes(0xfc), 1],
  ])("%o -> %i", (input, tail) => {
    expect(incompleteUtf8Tail(input)).toBe(tail);
  });
});

describe("ByteDecoder", () => {
  const cases: [string, Uint8Array, string, string[]][] = [
    ["UTF-8 without BOM", Buffer.from("IP;Nachricht\n1.2.3.4;Müller €😀\n"), "IP;Nachricht\n1.2.3.4;Müller €😀\n", []],
    ["UTF-8 BOM dropped", Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from("IP,Status")]), "IP,Status", []],
    ["UTF-16LE with BOM", Buffer.concat([bytes(0xff, 0xfe), utf16le("IP\tMüller\r\n")]), "IP\tMüller\r\n", []],
    ["UTF-16BE with BOM", Buffer.concat([bytes(0xfe, 0xff), utf16be("IP\tMüller😀")]), "IP\tMüller😀", []],
    ["Windows-1252", bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80), "Müller €", ["csv.encodingWindows1252"]],
    ["a U+FEFF later on is kept", Buffer.from("a\uFEFFb"), "a\uFEFFb", []],
  ];
  it.each(cases)("%s, whatever the chunk size", (_name, input, text, codes) => {
    for (const size of [1, 2, 3, 7, 1 << 16]) expect(decode(input, size)).toEqual({ text, codes });
  });

  it("switches to Windows-1252 when the first invalid byte comes after an all-ASCII head", () => {
    const input = Buffer.concat([Buffer.from("IP,Status\n".repeat(10)), bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72)]);
    for (const size of [1, 5, 64]) {
      expect(decode(input, size, 16)).toEqual({ text: "IP,Status\n".repeat(10) + "Müller", codes: ["csv.encodingWindows1252"] });
    }
  });

  it("replaces invalid bytes when valid UTF-8 text came before them", () => {
    const input = Buffer.concat([Buffer.from("Müller\n".repeat(5)), bytes(0x41, 0xfc, 0x42)]);
    expect(decode(input, 4, 8)).toEqual({ text: "Müller\n".repeat(5) + "A\uFFFDB", codes: ["csv.encodingInvalidUtf8"] });
  });

  it("changes course at the first invalid byte whatever the chunks: the same text and warning (naming that byte)", () => {
    // Valid UTF-8 text just before the invalid byte: decided by the bytes, not by whether the
    // chunk that held the invalid byte also held the "é".
    const input = Buffer.concat([Buffer.from(`${"IP,Status\n".repeat(10)}caf\u00e9 `), bytes(0xfc), Buffer.from(" ok \u00e9")]);
    const seen = new Set<string>();
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 16]) {
      const warnings: Message[] = [];
      const decoder = new ByteDecoder((m) => warnings.push(m), 16);
      let text = "";
      for (let i = 0; i < input.length; i += size) text += decoder.push(input.subarray(i, i + size));
      text += decoder.end();
      seen.add(JSON.stringify({ text, warnings }));
    }
    expect([...seen]).toEqual([JSON.stringify({ text: `${"IP,Status\n".repeat(10)}caf\u00e9 \uFFFD ok \u00e9`, warnings: [{ code: "csv.encodingInvalidUtf8", args: { offset: 106 } }] })]);
  });

  it("decodeChunks yields the text of async chunks", async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from([0xef, 0xbb]);
      yield Buffer.from([0xbf, 0x41, 0xc3]);
      yield Buffer.from([0xbc]);
    }
    let text = "";
    for await (const piece of decodeChunks(chunks(), () => undefined)) text += piece;
    expect(text).toBe("Aü");
  });
});

describe("firstInvalidUtf8", () => {
  it.each([
    [Buffer.from("abc\u00e9\u20ac\u{1F600}"), 12],
    [bytes(0x41, 0xfc, 0x42), 1],
    [bytes(0x41, 0xc3), 1],
    [bytes(0xc0, 0x80), 0],
    [bytes(0xe0, 0x80, 0x80), 0],
    [bytes(0xed, 0xa0, 0x80), 0],
    [bytes(0xf4, 0x90, 0x80, 0x80), 0],
    [bytes(0x41, 0xe2, 0x82, 0x41), 1],
  ])("%o -> %i", (input, at) => {
    expect(firstInvalidUtf8(input)).toBe(at);
  });
});

describe("decodeWindows1252", () => {
  it.each([
    [[0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72], "Müller"],
    [[0x80, 0x85, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f], "€…“”–—™Ÿ"],
    [[0x81, 0x8d, 0x8f, 0x90, 0x9d], "\u0081\u008d\u008f\u0090\u009d"],
    [[0x41, 0xa0, 0xe9, 0xff], "A\u00a0éÿ"],
  ])("%o", (input, text) => {
    expect(decodeWindows1252(Uint8Array.from(input))).toBe(text);
  });
});
