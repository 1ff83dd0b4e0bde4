/** The parts before the root element: byte order mark, XML declaration and DOCTYPE. */
import { DQUOTE, GT, LBRACKET, LT, QUESTION, RBRACKET, SQUOTE, startsWithAscii } from "./bytes.js";

export type TextEncoding = "utf8" | "latin1";

/**
 * Where the document proper starts: after a UTF-8 byte order mark, if any. -1 while too few bytes
 * have arrived to tell; a string (the reason) when the input is UTF-16, which we refuse.
 */
export function documentStart(buf: Uint8Array): number | string {
  if (buf.length < 2) return -1;
  const [b0, b1, b2] = buf;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return UTF16;
  if ((b0 === LT && b1 === 0) || (b0 === 0 && b1 === LT)) return UTF16;
  if (b0 !== 0xef) return 0;
  if (buf.length < 3) return -1;
  return b1 === 0xbb && b2 === 0xbf ? 3 : 0;
}

const UTF16 = "the file is UTF-16 encoded, which is not supported; convert it to UTF-8";

const SUPPORTED: Record<string, TextEncoding> = {
  "utf-8": "utf8",
  utf8: "utf8",
  "us-ascii": "utf8",
  ascii: "utf8",
  "iso-8859-1": "latin1",
  "iso8859-1": "latin1",
  "iso_8859-1": "latin1",
  "latin-1": "latin1",
  latin1: "latin1",
};

/** Encoding named by an XML declaration (`<?xml ... ?>` as text); a string reason when unsupported. */
export function declaredEncoding(declaration: string): TextEncoding | { unsupported: string } {
  const m = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(declaration);
  if (m === null) return "utf8";
  const name = (m[1] ?? m[2] ?? "").trim();
  const key = name.toLowerCase();
  // Own keys only: a declared name like "constructor" must not find Object.prototype members.
  if (Object.hasOwn(SUPPORTED, key)) return SUPPORTED[key] as TextEncoding;
  if (/^utf-?16/i.test(name)) return { unsupported: UTF16.replace("the file is", `the file declares ${name}, i.e.`) };
  return { unsupported: `the file declares encoding "${name}", which is not supported; convert it to UTF-8` };
}

/**
 * Index just after the '>' that ends a DOCTYPE whose body starts at `from`, or -1 when the input ends
 * first. The internal subset `[ ... ]` is skipped, never interpreted: quoted strings, comments and
 * processing instructions inside it may contain '>' or ']' and are jumped over whole.
 */
export function skipDoctype(buf: Buffer, from: number, end: number): number {
  let inSubset = false;
  let i = from;
  while (i < end) {
    const b = buf[i];
    if (b === DQUOTE || b === SQUOTE) {
      i = after(buf, b === DQUOTE ? '"' : "'", i + 1, end);
    } else if (inSubset && b === LT && startsWithAscii(buf, i, end, "<!--")) {
      i = after(buf, "-->", i + 4, end);
    } else if (inSubset && b === LT && i + 1 < end && buf[i + 1] === QUESTION) {
      i = after(buf, "?>", i + 2, end);
    } else {
      if (b === LBRACKET) inSubset = true;
      else if (b === RBRACKET) inSubset = false;
      else if (b === GT && !inSubset) return i + 1;
      i++;
    }
    if (i < 0) return -1;
  }
  return -1;
}

/** Index just after the next `term` at or after `from` (and ending by `end`), or -1. */
function after(buf: Buffer, term: string, from: number, end: number): number {
  const i = buf.indexOf(term, from, "latin1");
  return i < 0 || i + term.length > end ? -1 : i + term.length;
}
