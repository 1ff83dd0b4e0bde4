/**
 * Lossless wrapping for table cells. cli-table3's own wrapping truncates a word longer than the
 * column ("…"), which would hide the end of a long hostname or path; here such words are split.
 * Widths count code points (a wide CJK character counts one; such rows may sit a little off).
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length in code points; plain `.length` unless the text has astral characters (the common case is fast). */
export function charCount(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

/** Lines of at most `width` characters, breaking at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  if (width < 1 || charCount(text) <= width) return [text];
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of text.split(/ +/)) {
    let chars = [...word];
    if (line.length > 0 && line.length + 1 + chars.length <= width) {
      line.push(" ", ...chars);
      continue;
    }
    if (line.length > 0) lines.push(line.join(""));
    while (chars.length > width) {
      lines.push(chars.slice(0, width).join(""));
      chars = chars.slice(width);
    }
    line = chars;
  }
  if (line.length > 0) lines.push(line.join(""));
  return lines;
}

/** Width of the longest word (wrapText breaks lines at spaces). */
export function longestWord(text: string): number {
  if (!text.includes(" ")) return charCount(text);
  let longest = 0;
  for (const word of text.split(" ")) longest = Math.max(longest, charCount(word));
  return longest;
}

/** Width in characters (code points) of the longest line. */
export function textWidth(text: string): number {
  if (!text.includes("\n")) return charCount(text);
  let widest = 0;
  for (const line of text.split("\n")) widest = Math.max(widest, charCount(line));
  return widest;
}
