/**
 * What the first bytes of an input say about it: its syntax (XML, JSON or CSV text) and, for XML,
 * the root element. Content decides, never the file name. Binary data is refused here with a clear
 * message instead of reaching a parser. Each format's `match` (formats/input-formats.ts) reads this.
 */

export const SYNTAXES = ["csv", "xml", "json"] as const;
export type Syntax = (typeof SYNTAXES)[number];

export interface InputHead {
  readonly syntax: Syntax;
  /** The first bytes as text (UTF-8, or UTF-16 by its byte order mark), byte order mark removed. */
  readonly text: string;
  /** Whether `text` is the whole input. */
  readonly complete: boolean;
  /** XML: the root element's name, when the head reaches it (a long prolog may hide it). */
  readonly xmlRoot: string | null;
}

export type Detection = InputHead | { readonly problem: "empty" | "binary" };

/** Enough for a long XML prolog, or title lines and the header row of a CSV export. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Binary data is judged on the first bytes only: a stray NUL deep in a text file is the parser's
 * to report, with its line.
 */
const BINARY_CHECK_BYTES = 4096;

function decodeHead(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString("utf16le");
  if (head[0] === 0xfe && head[1] === 0xff) {
    const body = head.subarray(2, 2 + ((head.length - 2) & ~1));
    return Buffer.from(body).swap16().toString("utf16le");
  }
  return head.toString("utf8");
}

function isUtf16(head: Buffer): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/** Steps over what may come before the root element: declarations, comments, a DOCTYPE. */
const PROLOG_ITEM = /^\s*(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/i;
const ROOT = /^\s*<([A-Za-z_][\w.:-]*)/;

export function xmlRootOf(text: string): string | null {
  let rest = text;
  for (let m = PROLOG_ITEM.exec(rest); m; m = PROLOG_ITEM.exec(rest)) rest = rest.slice(m[0].length);
  return ROOT.exec(rest)?.[1] ?? null;
}

function syntaxOf(text: string): Syntax {
  const first = text.trimStart()[0];
  if (first === "<") return "xml";
  if (first === "[" || first === "{") return "json";
  return "csv";
}

/** `complete`: the head is the whole input. */
export function detectInput(head: Buffer, complete = false): Detection {
  const text = decodeHead(head).replace(/^\uFEFF/, "");
  if (text.trim() === "") return { problem: "empty" };
  const first = head.subarray(0, BINARY_CHECK_BYTES);
  if (!isUtf16(head) && first.includes(0)) return { problem: "binary" };
  const sample = decodeHead(first);
  // eslint-disable-next-line no-control-regex
  const controls = (sample.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/g) ?? []).length;
  if (controls > sample.length / 20) return { problem: "binary" };
  const syntax = syntaxOf(text);
  return { syntax, text, complete, xmlRoot: syntax === "xml" ? xmlRootOf(text) : null };
}
