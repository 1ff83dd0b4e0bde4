/**
 * Times as ISO 8601 text in UTC with milliseconds (`2024-05-01T12:00:00.000Z`), the form JSON output
 * uses, and back. The round trip is exact: a part written by `hosts --format ndjson` and read again
 * ranks observations by the very same milliseconds.
 */

/** ECMAScript's Date range: +-8.64e15 ms. */
const MAX_MS = 8.64e15;
const ISO = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function formatIsoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || Math.abs(ms) > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/** Milliseconds since the epoch of a formatIsoTime() text, or null for any other text. */
export function parseIsoTime(text: string): number | null {
  if (!ISO.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && formatIsoTime(ms) === text ? ms : null;
}
