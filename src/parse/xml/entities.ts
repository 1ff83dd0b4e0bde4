/**
 * Entity references: the five predefined ones and character references. Nothing else is ever
 * expanded (no DTD processing), so an undefined reference such as `&lol9;` stays literal text and a
 * "billion laughs" document costs nothing.
 */
import { AMP, SEMI } from "./bytes.js";

/** Longest reference we look for: `&#x10FFFF;` is 10 bytes; anything longer is a literal '&'. */
export const MAX_ENTITY_BYTES = 12;

/**
 * Index of the ';' closing the reference whose '&' is at `amp`, looking no further than `end`;
 * -1 when there is none within MAX_ENTITY_BYTES.
 */
export function findEntityEnd(buf: Uint8Array, amp: number, end: number): number {
  const limit = Math.min(end, amp + MAX_ENTITY_BYTES);
  for (let i = amp + 1; i < limit; i++) {
    const b = buf[i];
    if (b === SEMI) return i;
    if (b === AMP) return -1;
  }
  return -1;
}

/** Code point of the reference between '&' (at `amp`) and ';' (at `semi`); -1 when not one we expand. */
export function decodeEntity(buf: Uint8Array, amp: number, semi: number): number {
  const n = semi - amp - 1;
  const b1 = buf[amp + 1];
  if (b1 === 0x23 /* # */) return decodeCharRef(buf, amp + 2, semi);
  if (n === 2 && buf[amp + 2] === 0x74 /* t */) {
    if (b1 === 0x6c /* l */) return 0x3c;
    if (b1 === 0x67 /* g */) return 0x3e;
    return -1;
  }
  if (n === 3 && b1 === 0x61 && buf[amp + 2] === 0x6d && buf[amp + 3] === 0x70) return 0x26; // amp
  if (n === 4) {
    const word = String.fromCharCode(b1 ?? 0, buf[amp + 2] ?? 0, buf[amp + 3] ?? 0, buf[amp + 4] ?? 0);
    if (word === "apos") return 0x27;
    if (word === "quot") return 0x22;
  }
  return -1;
}

function decodeCharRef(buf: Uint8Array, from: number, to: number): number {
  const hex = buf[from] === 0x78; /* x */
  let i = hex ? from + 1 : from;
  if (i >= to) return -1;
  let cp = 0;
  for (; i < to; i++) {
    const d = digitValue(buf[i] ?? 0, hex);
    if (d < 0) return -1;
    cp = cp * (hex ? 16 : 10) + d;
    if (cp > 0x10ffff) return -1;
  }
  return isXmlChar(cp) ? cp : -1;
}

function digitValue(b: number, hex: boolean): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (!hex) return -1;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** The XML 1.0 `Char` production: a reference to anything else is left as literal text. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Writes the UTF-8 bytes of `cp` at `at`; returns how many were written (1-4). */
export function writeUtf8(target: Uint8Array, at: number, cp: number): number {
  if (cp < 0x80) {
    target[at] = cp;
    return 1;
  }
  if (cp < 0x800) {
    target[at] = 0xc0 | (cp >> 6);
    target[at + 1] = 0x80 | (cp & 0x3f);
    return 2;
  }
  if (cp < 0x10000) {
    target[at] = 0xe0 | (cp >> 12);
    target[at + 1] = 0x80 | ((cp >> 6) & 0x3f);
    target[at + 2] = 0x80 | (cp & 0x3f);
    return 3;
  }
  target[at] = 0xf0 | (cp >> 18);
  target[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
  target[at + 2] = 0x80 | ((cp >> 6) & 0x3f);
  target[at + 3] = 0x80 | (cp & 0x3f);
  return 4;
}
