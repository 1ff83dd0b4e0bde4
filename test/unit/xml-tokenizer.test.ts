import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { XmlTokenizer, type XmlHandler } from "../../src/parse/xml/tokenizer.js";
import { chunked, ourEvents, type XmlEvent } from "../fixtures/xml/harness.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/xml");
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const events = (xml: string | Buffer, options?: Parameters<typeof ourEvents>[1]): XmlEvent[] =>
  ourEvents([typeof xml === "string" ? Buffer.from(xml) : xml], options);
const opens = (list: XmlEvent[]): string[] => list.flatMap((e) => (e.kind === "open" ? [e.name] : []));
const texts = (list: XmlEvent[]): string[] => list.flatMap((e) => (e.kind === "text" ? [e.text] : []));

describe("Qualys quirks", () => {
  it("accepts white space and newlines before the XML declaration, and ignores what follows the root", () => {
    const list = events(fixture("quirk-leading-space-and-trailer.xml"), { lines: true });
    expect(list).toEqual([
      { kind: "open", name: "ROOT", attrs: { a: "1" }, line: 5 },
      { kind: "open", name: "X", attrs: {}, line: 6 },
      { kind: "text", text: "t" },
      { kind: "close", name: "X", line: 6 },
      { kind: "text", text: "\n  \n" },
      { kind: "close", name: "ROOT", line: 7 },
    ]);
  });

  it("stops after the root element: later input is not even looked at", () => {
    const seen: string[] = [];
    const tokenizer = new XmlTokenizer({ onOpen: (n) => void seen.push(n), onClose: () => {} });
    tokenizer.write(Buffer.from("<A><B/></A>\f<C>"));
    expect(tokenizer.done).toBe(true);
    tokenizer.write(Buffer.from("\u0000\u0000 </D> <<<"));
    tokenizer.end();
    expect(seen).toEqual(["A", "B"]);
  });

  it("reads a document without XML declaration", () => {
    expect(opens(events(fixture("no-declaration.xml")))).toEqual(["SIMPLE_RETURN", "RESPONSE", "CODE", "TEXT"]);
  });

  it("skips a DOCTYPE with an internal subset without processing it", () => {
    expect(opens(events(fixture("doctype-subset.xml")))).toEqual(["ROOT", "X"]);
  });

  it("survives a billion-laughs document: entity declarations are never expanded", () => {
    const list = events(fixture("nonconformant-billion-laughs.xml"));
    expect(list).toEqual([
      { kind: "open", name: "lolz", attrs: { a: "&lol9;" } },
      { kind: "text", text: "&lol9;" },
      { kind: "close", name: "lolz" },
    ]);
  });

  it("accepts comments before, inside and after the root, and keep-alive comments between elements", () => {
    const xml = "<!-- a -->\n<R><!-- keep-alive --><X>1<!-- in text -->2</X><!-- b //--></R><!-- trailer //-->";
    expect(texts(events(xml))).toEqual(["12", ""]);
  });

  it("accepts line breaks inside start and end tags and around attributes", () => {
    const xml = "<R\n>\n<RESULTS\n  a\n=\n'1'\n  >x</RESULTS\n>\n</R\r\n>";
    expect(events(xml, { lines: true })).toEqual([
      { kind: "open", name: "R", attrs: {}, line: 1 },
      { kind: "open", name: "RESULTS", attrs: { a: "1" }, line: 3 },
      { kind: "text", text: "x" },
      { kind: "close", name: "RESULTS", line: 7 },
      { kind: "text", text: "\n\n" },
      { kind: "close", name: "R", line: 9 },
    ]);
  });

  it("accepts single and double quotes, each containing the other", () => {
    expect(events(`<R a='say "hi"' b="it's" c='>'/>`)[0]).toEqual({
      kind: "open",
      name: "R",
      attrs: { a: 'say "hi"', b: "it's", c: ">" },
    });
  });

  it("skips a UTF-8 byte order mark", () => {
    expect(events(fixture("bom.xml"))).toEqual([
      { kind: "open", name: "R", attrs: {} },
      { kind: "open", name: "T", attrs: {} },
      { kind: "text", text: "é" },
      { kind: "close", name: "T" },
      { kind: "text", text: "" },
      { kind: "close", name: "R" },
    ]);
  });

  it("decodes a document declared ISO-8859-1 as Latin-1, references included", () => {
    const list = events(fixture("nonconformant-latin1.xml"));
    expect(list[0]).toEqual({ kind: "open", name: "R", attrs: { n: "café" } });
    expect(list[2]).toEqual({ kind: "text", text: "naïve € é" });
  });

  it("accepts US-ASCII and lower-case utf-8 declarations", () => {
    expect(opens(events("<?xml version='1.0' encoding='US-ASCII'?><A/>"))).toEqual(["A"]);
    expect(opens(events('<?xml version="1.0" encoding="utf-8" standalone="yes"?><A/>'))).toEqual(["A"]);
  });

  it("treats <?xml-stylesheet ...?> as a processing instruction, not a declaration", () => {
    expect(opens(events('<?xml-stylesheet href="x" encoding="UTF-16"?><A/>'))).toEqual(["A"]);
  });

  it("normalises CRLF and CR to LF in text and CDATA, and to a space in attributes", () => {
    const list = events(fixture("crlf.xml"));
    expect(texts(list)).toEqual(["line1\nline2\nline3", "a\nb\nc", "", "\n  \n  \n  \n"]);
    expect(list).toContainEqual({ kind: "open", name: "A", attrs: { v: "x y" } });
  });
});

describe("text delivery", () => {
  it("delivers only the direct text of an element, CDATA included, untrimmed, before onClose", () => {
    const list = events(fixture("mixed-content.xml"));
    expect(list).toEqual([
      { kind: "open", name: "R", attrs: {} },
      { kind: "open", name: "A", attrs: {} },
      { kind: "open", name: "B", attrs: {} },
      { kind: "text", text: "b" },
      { kind: "close", name: "B" },
      { kind: "text", text: "a1a2c1a3a4" },
      { kind: "close", name: "A" },
      { kind: "text", text: "beforeafter" },
      { kind: "close", name: "R" },
    ]);
  });

  it("calls onText only for elements whose onOpen returned true, and with '' for an empty one", () => {
    const list = events(fixture("scan-small.xml"), { capture: (n) => n === "TITLE" || n === "EMPTY" });
    expect(texts(list)).toEqual(['Web Server "Café" Stopped Responding', "A & B <x>", ""]);
  });

  it("keeps Qualys's double-encoded entities inside CDATA for the reader to decode", () => {
    const list = events(fixture("scan-small.xml"), { capture: (n) => n === "DIAGNOSIS" });
    expect(texts(list)).toEqual(['The host&apos;s <P>web server</P> stopped. <A HREF="x">link</A> ü 日本 😀']);
  });

  it("gives no text when the handler has no onText", () => {
    const handler: XmlHandler = { onOpen: () => true, onClose: () => {} };
    const tokenizer = new XmlTokenizer(handler);
    tokenizer.write(Buffer.from("<A>x</A>"));
    expect(tokenizer.done).toBe(true);
  });

  it("truncates captured text at maxTextBytes, on a character boundary, and says so", () => {
    const xml = `<R><T>${"ab".repeat(10)}é${"c".repeat(100)}</T><U>short</U></R>`;
    const list = events(xml, { maxTextBytes: 21 });
    expect(list[2]).toEqual({ kind: "text", text: "ab".repeat(10), truncated: true });
    expect(list[5]).toEqual({ kind: "text", text: "short" });
  });

  it("gives attribute-less elements an empty object and keeps unusual attribute names", () => {
    const list = events("<A><B __proto__='p' constructor='c' toString='t'/></A>");
    const first = list[0];
    expect(first?.kind === "open" && Object.keys(first.attrs)).toEqual([]);
    const b = list[1];
    expect(b?.kind === "open" && Object.entries(b.attrs)).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["toString", "t"],
    ]);
  });
});

describe("line numbers", () => {
  it("reports the line of each tag's '<' in a Qualys-like file", () => {
    const list = events(fixture("scan-small.xml"), { lines: true });
    const line = (kind: "open" | "close", name: string): number | undefined => {
      const found = list.find((e) => e.kind === kind && e.name === name);
      return found?.kind === kind ? found.line : undefined;
    };
    expect(line("open", "SCAN")).toBe(5);
    expect(line("open", "IP")).toBe(7);
    expect(line("open", "RESULT")).toBe(14);
    expect(line("close", "RESULT")).toBe(15);
    expect(line("open", "RESULTS")).toBe(20);
    expect(line("close", "RESULTS")).toBe(23);
    expect(line("close", "SCAN")).toBe(29);
  });

  it("counts lines in a file without line breaks and in long skipped text", () => {
    const long = `<R>${"<A>x</A>".repeat(10_000)}<B/></R>`;
    expect(events(long, { lines: true }).at(-1)).toEqual({ kind: "close", name: "R", line: 1 });
    const text = `<R><D>${"line\n".repeat(5000)}</D>\n<E/></R>`;
    const tokenizer = new XmlTokenizer({ onOpen: () => {}, onClose: () => {} });
    for (const chunk of chunked(Buffer.from(text), 333)) tokenizer.write(chunk);
    expect(tokenizer.line).toBe(5002);
  });
});
