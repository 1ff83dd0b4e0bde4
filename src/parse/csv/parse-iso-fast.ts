/**
 * The common case, fast: `YYYY-MM-DD HH:MM[:SS]` or with `T`, optionally ending in `Z`, read with
 * charCodeAt from a span of text (no substring, no regular expression: a million-row log spends
 * most of its time-parsing here). Returns undefined for anything else, which then goes to the full
 * parser (parse-time.ts). Same meaning as there: no zone means UTC.
 */

const DIGIT_0 = 0x30;

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - DIGIT_0;
  const b = s.charCodeAt(i + 1) - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The last date seen: a log's rows share a handful of dates, and Date.UTC is the slow part. */
let lastDateKey = -1;
let lastDateMs = 0;

export function parseIsoFast(s: string, start = 0, end = s.length): number | undefined {
  const n = end - start;
  if (n !== 16 && n !== 17 && n !== 19 && n !== 20) return undefined;
  const p = start;
  if (s.charCodeAt(p + 4) !== 0x2d || s.charCodeAt(p + 7) !== 0x2d || s.charCodeAt(p + 13) !== 0x3a) return undefined;
  const sep = s.charCodeAt(p + 10);
  if (sep !== 0x20 && sep !== 0x54 && sep !== 0x74) return undefined;
  const hi = two(s, p);
  const lo = two(s, p + 2);
  const month = two(s, p + 5);
  const day = two(s, p + 8);
  const hour = two(s, p + 11);
  const minute = two(s, p + 14);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let second = 0;
  let timeEnd = 16;
  if (n >= 19 && s.charCodeAt(p + 16) === 0x3a) {
    second = two(s, p + 17);
    if (second < 0 || second > 59) return undefined;
    timeEnd = 19;
  }
  if (timeEnd < n) {
    const z = s.charCodeAt(p + timeEnd);
    if (timeEnd + 1 !== n || (z !== 0x5a && z !== 0x7a)) return undefined;
  }
  const year = hi * 100 + lo;
  const dateKey = (year * 100 + month) * 100 + day;
  if (dateKey !== lastDateKey) {
    if (day > daysInMonth(year, month)) return undefined;
    lastDateMs = Date.UTC(year, month - 1, day);
    lastDateKey = dateKey;
  }
  return lastDateMs + ((hour * 60 + minute) * 60 + second) * 1000;
}

