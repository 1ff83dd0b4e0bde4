/**
 * Times as ISO 8601 text in UTC with milliseconds (`2024-05-01T12:00:00.000Z`), the form JSON output
 * uses, and back. The round trip is exact: a part written by `hosts --format ndjson` and read again
 * ranks observations by the very same milliseconds.
 */

/** ECMAScript's Date range: +-8.64e15 ms. */
const MAX_MS = 8.64e15;
const ISO = /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (DAYS[month - 1] ?? 0) + (leap ? 1 : 0);
}

/** The last time formatted: the rows of one range, or of one scan, share it. */
let last = { ms: Number.NaN, text: "" };

export function formatIsoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || Math.abs(ms) > MAX_MS) return null;
  if (ms !== last.ms) last = { ms, text: new Date(ms).toISOString() };
  return last.text;
}

/** Milliseconds since the epoch of a formatIsoTime() text, or null for any other text. */
export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  // Date.parse would roll a 30 February over to March.
  if (Number(m[3]) > daysIn(Number(m[1]), Number(m[2]))) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
