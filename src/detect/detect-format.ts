/**
 * Decides from the first bytes whether an input is XML or a CSV scan log: content, never the file
 * name. Binary data is refused here with a clear message instead of reaching a parser.
 */

export type Syntax = "xml" | "csv";

export type Detection = { readonly syntax: Syntax } | { readonly problem: "empty" | "binary" };

export const SNIFF_BYTES = 4096;

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

export function detectSyntax(head: Buffer): Detection {
  const text = decodeHead(head).replace(/^\uFEFF/, "");
  if (text.trim() === "") return { problem: "empty" };
  if (!isUtf16(head) && head.includes(0)) return { problem: "binary" };
  // eslint-disable-next-line no-control-regex
  const controls = (text.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/g) ?? []).length;
  if (controls > text.length / 20) return { problem: "binary" };
  return { syntax: text.trimStart().startsWith("<") ? "xml" : "csv" };
}
