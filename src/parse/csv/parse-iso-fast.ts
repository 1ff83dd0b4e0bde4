/**
 * The common case, fast: `YYYY-MM-DD HH:MM[:SS]` or with `T`, optionally ending in `Z`, read with
 * charCodeAt and no regular expression (a million-row log spends most of its time-parsing here).
 * Returns undefined for anything else, which then goes to the full parser (parse-time.ts).
 * Same meaning as there: no zone means UTC.
 */

const DIGIT_0 = 0x30;

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - DIGIT_0;
  const b = s.charCodeAt(i + 1) - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function parseIsoFast(s: string): number | undefined {
  const n = s.length;
  if (n !== 16 && n !== 17 && n !== 19 && n !== 20) return undefined;
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(13) !== 0x3a) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 0x20 && sep !== 0x54 && sep !== 0x74) return undefined;
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let second = 0;
  let end = 16;
  if (n >= 19 && s.charCodeAt(16) === 0x3a) {
    second = two(s, 17);
    if (second < 0 || second > 59) return undefined;
    end = 19;
  }
  if (end < n) {
    const z = s.charCodeAt(end);
    if (end + 1 !== n || (z !== 0x5a && z !== 0x7a)) return undefined;
  }
  const year = hi * 100 + lo;
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
