import { describe, expect, it } from "vitest";
import { XmlSyntaxError } from "../../src/parse/xml/xml-error.js";
import { chunked, ourEvents } from "../fixtures/xml/harness.js";

function errorOf(input: string | Buffer, chunkSize?: number): { line: number; reason: string } {
  const bytes = typeof input === "string" ? Buffer.from(input) : input;
  try {
    ourEvents(chunkSize === undefined ? [bytes] : chunked(bytes, chunkSize));
  } catch (e) {
    if (e instanceof XmlSyntaxError) return { line: e.line, reason: e.reason };
    throw e;
  }
  throw new Error("no error thrown");
}

const CASES: [string, string | Buffer, number, RegExp][] = [
  ["mismatched end tag", "<A>\n  <B>\n  </A>\n</B>", 3, /^end tag <\/A> does not match <B> opened at line 2$/],
  ["truncated file", "<SCAN>\n<IP>\n<HOST>\n<DIAGNOSIS>some te", 4, /^document ends inside <DIAGNOSIS> opened at line 4: the file is cut off$/],
  ["truncated inside a tag", "<SCAN>\n<IP value=\"1", 2, /^document ends inside <SCAN> opened at line 1/],
  ["truncated in the prolog comment", "<?xml version='1.0'?>\n<!-- never closed", 2, /^document ends inside a comment$/],
  ["truncated in a prolog tag", "\n<ROO", 2, /^document ends inside a tag$/],
  ["empty input", "", 1, /^no root element/],
  ["only white space", "  \n\n ", 3, /^no root element/],
  ["only a prolog", "<?xml version='1.0'?>\n<!DOCTYPE X>\n<!-- c -->\n", 4, /^no root element/],
  ["text before the root", "\nhello <A/>", 2, /^text before the root element/],
  ["binary file (gzip magic)", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]), 1, /^text before the root element \(is this an XML file\?\)$/],
  ["NUL byte in the prolog", Buffer.from("\n\n\u0000<A/>"), 3, /^NUL byte: this is binary data, not XML text$/],
  ["NUL byte inside the document", Buffer.from("<A>\n<B>x\u0000y</B></A>"), 2, /^NUL byte/],
  ["empty tag name", "<A>\n<>", 2, /^'<' is not followed by an element name$/],
  ["space after '<'", "<A>\n< B/>", 2, /^'<' is not followed by an element name$/],
  ["attribute without value", "<A>\n<B c>", 2, /^attribute "c" of <B> has no value$/],
  ["unquoted attribute value", "<A>\n\n<B c=1>", 3, /^value of attribute "c" of <B> is not quoted$/],
  ["no space between attributes", "<A b=\"1\"c=\"2\"/>", 1, /^missing white space before an attribute in tag <A>$/],
  ["duplicate attribute", "<A b='1'\n b='2'/>", 2, /^attribute "b" appears twice in tag <A>$/],
  ["'/' not followed by '>'", "<A/ >", 1, /^'\/' not followed by '>' in tag <A>$/],
  ["bad character in a tag", "<A>\n<B \"x\">", 2, /^unexpected character '"' in tag <B>$/],
  ["'<' in an attribute value", "<A>\n<B c=\"\n1<2\">", 3, /^'<' in the value of attribute "c" of <B>$/],
  ["junk in an end tag", "<A>\n</A x>", 2, /^unexpected character in an end tag$/],
  ["empty end tag", "<A></>", 1, /^'<\/' is not followed by an element name$/],
  ["end tag first", "\n</A>", 2, /^end tag <\/A> before any element$/],
  ["unknown '<!' markup", "<A>\n<!FOO>", 2, /^'<!' starts neither/],
  ["CDATA before the root", "<![CDATA[x]]><A/>", 1, /^CDATA section outside the root element$/],
  ["DOCTYPE inside the root", "<A>\n<!DOCTYPE A>", 2, /^DOCTYPE after the root element has started$/],
  ["UTF-16 LE byte order mark", Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x41, 0x00]), 1, /UTF-16 encoded, which is not supported; convert it to UTF-8/],
  ["UTF-16 BE byte order mark", Buffer.from([0xfe, 0xff, 0x00, 0x3c, 0x00, 0x41]), 1, /UTF-16 encoded/],
  ["UTF-16 without byte order mark", Buffer.from("<\u0000?\u0000x\u0000"), 1, /UTF-16 encoded/],
  ["UTF-16 declared", "\n<?xml version='1.0' encoding='UTF-16'?><A/>", 2, /declares UTF-16, i\.e\. UTF-16 encoded, which is not supported/],
  ["other encoding declared", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<A/>", 1, /^the file declares encoding "windows-1252", which is not supported; convert it to UTF-8$/],
];

describe("XmlSyntaxError: reason and line", () => {
  it.each(CASES)("%s", (_label, input, line, reason) => {
    const whole = errorOf(input);
    expect(whole.reason).toMatch(reason);
    expect(whole.line).toBe(line);
    // The same error, at the same line, however the input is split.
    expect(errorOf(input, 1)).toEqual(whole);
    expect(errorOf(input, 3)).toEqual(whole);
  });

  it("is an Error whose message carries line and reason", () => {
    const e = new XmlSyntaxError(7, "document ends inside <HOST> opened at line 3: the file is cut off");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("XmlSyntaxError");
    expect(e.message).toBe("line 7: document ends inside <HOST> opened at line 3: the file is cut off");
  });

  it("refuses a tag that never ends instead of buffering without bound", () => {
    const chunks = [Buffer.from('<A><B c="')];
    const filler = Buffer.alloc(1 << 20, 0x78);
    for (let i = 0; i < 6; i++) chunks.push(filler);
    expect(() => ourEvents(chunks)).toThrow(/markup runs on for more than 4 MiB/);
  });
});
