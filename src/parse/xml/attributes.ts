/** Attribute values: entity references decoded and white space normalised as XML requires. */
import { AMP, CR, LF, LT } from "./bytes.js";
import { decodeEntity, findEntityEnd } from "./entities.js";

/**
 * The value between the quotes at [from, to). Tab, LF and CR become a space (CRLF one space), as in
 * XML attribute-value normalisation; a reference to one (`&#10;`) stays that character. Returns the
 * index of a '<' instead when there is one: that is a syntax error the caller reports.
 */
export function decodeAttributeValue(buf: Buffer, from: number, to: number, latin1: boolean): string | number {
  let plain = true;
  let ascii = true;
  for (let i = from; i < to; i++) {
    const b = buf[i] as number;
    if (b === LT) return i;
    if (b === AMP || b < 0x20) plain = false;
    else if (b >= 0x80) ascii = false;
  }
  // Latin-1 decoding is the cheaper path in V8 and gives the same string for ASCII bytes.
  const enc = latin1 || ascii ? "latin1" : "utf8";
  if (plain) return buf.toString(enc, from, to);
  let out = "";
  let run = from;
  for (let i = from; i < to; i++) {
    const b = buf[i] as number;
    if (b === AMP) {
      const semi = findEntityEnd(buf, i, to);
      const cp = semi < 0 ? -1 : decodeEntity(buf, i, semi);
      if (cp < 0) continue;
      out += buf.toString(enc, run, i) + String.fromCodePoint(cp);
      run = semi + 1;
      i = semi;
    } else if (b === 0x09 || b === LF || b === CR) {
      out += buf.toString(enc, run, i) + " ";
      if (b === CR && buf[i + 1] === LF && i + 1 < to) i++;
      run = i + 1;
    }
  }
  return out + buf.toString(enc, run, to);
}
