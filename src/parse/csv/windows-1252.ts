/**
 * Windows-1252 decoding. Node 20's TextDecoder("windows-1252") decodes as ISO-8859-1 instead, so
 * 0x80-0x9F come out as C1 control characters instead of `€`, `‚`, `„`, `…`, `–`, `—`, `™` and the rest.
 * Single-byte, so it needs no state between chunks.
 */

// 0x80-0x9F; the five bytes Windows-1252 leaves undefined map to the same code point, as WHATWG does.
const HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

const C1 = /[\u0080-\u009f]/g;

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(C1, (c) => HIGH[c.charCodeAt(0) - 0x80] ?? c);
}
