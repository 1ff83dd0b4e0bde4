/** Byte-level helpers shared by the tokenizer's parts. Everything here works on UTF-8 / Latin-1 bytes. */

export const LT = 0x3c;
export const GT = 0x3e;
export const AMP = 0x26;
export const SEMI = 0x3b;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const EQ = 0x3d;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;
export const LF = 0x0a;
export const CR = 0x0d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;

const WS = 1;
const NAME_START = 2;
const NAME = 4;

/**
 * Byte classes. Name rules are looser than the XML grammar: every byte >= 0x80 may be part of a
 * name, because checking the Unicode name ranges would cost a decode per tag for no practical gain.
 */
const CLASS = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0d]) CLASS[b] = WS;
for (let b = 0; b < 256; b++) {
  const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x3a || b >= 0x80;
  if (letter) CLASS[b] = NAME_START | NAME;
  else if ((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e) CLASS[b] = NAME;
}

export const isWhitespace = (b: number): boolean => CLASS[b] === WS;
export const isNameStart = (b: number): boolean => ((CLASS[b] ?? 0) & NAME_START) !== 0;
export const isNameChar = (b: number): boolean => ((CLASS[b] ?? 0) & NAME) !== 0;

/** Index of the first byte in [from, to) that is not whitespace, or `to`. */
export function skipWhitespace(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && CLASS[buf[i] as number] === WS) i++;
  return i;
}

/** Index of the first byte in [from, to) that cannot be part of a name, or `to`. */
export function scanName(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && ((CLASS[buf[i] as number] as number) & NAME) !== 0) i++;
  return i;
}

/** True when buf[at..] starts with the ASCII bytes of `s` (false when the buffer ends first). */
export function startsWithAscii(buf: Uint8Array, at: number, end: number, s: string): boolean {
  if (at + s.length > end) return false;
  for (let k = 0; k < s.length; k++) if (buf[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** True when buf[at..end) is a proper prefix of `s`: more bytes are needed to decide. */
export function isPrefixOfAscii(buf: Uint8Array, at: number, end: number, s: string): boolean {
  if (end - at >= s.length) return false;
  for (let k = 0; at + k < end; k++) if (buf[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** Buffer's own decoders (undocumented, on Buffer.prototype since Node 0.x), without toString's argument handling. */
interface DirectSlices {
  latin1Slice?(start: number, end: number): string;
  utf8Slice?(start: number, end: number): string;
}
const DIRECT = Buffer.prototype as unknown as DirectSlices;

/** buf.toString("latin1", from, to), for short strings taken by the million (attribute values, texts). */
export const latin1Text: (buf: Buffer, from: number, to: number) => string =
  typeof DIRECT.latin1Slice === "function" ? (buf, from, to) => (buf as unknown as Required<DirectSlices>).latin1Slice(from, to) : (buf, from, to) => buf.toString("latin1", from, to);

/** buf.toString("utf8", from, to), likewise. */
export const utf8Text: (buf: Buffer, from: number, to: number) => string =
  typeof DIRECT.utf8Slice === "function" ? (buf, from, to) => (buf as unknown as Required<DirectSlices>).utf8Slice(from, to) : (buf, from, to) => buf.toString("utf8", from, to);
