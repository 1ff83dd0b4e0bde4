/**
 * Times as scan-log exports write them, to milliseconds since the epoch (null when unreadable).
 *
 * - ISO 8601 and its relatives: `2022-10-21`, `2022-10-21 13:45`, `2022-10-21T13:45:00.5+02:00`.
 * - Month names: `Oct 05 01:02` (the vendor UI, no year), `Oct 5, 2022 1:02 PM`, `05-Oct-2022`,
 *   `Wed Oct 05 2022 01:02:03 GMT+0000`.
 * - Numeric day and month: `21/10/2022 13:45`, `10/21/22`. When both numbers are 12 or less the order
 *   is ambiguous: the caller says which (`dayFirst`), or gets null rather than a guess.
 * - Epoch seconds (10 digits) or milliseconds (13 digits).
 *
 * Assumptions: a time without a zone is UTC (the export does not say which zone the UI used, and
 * UTC keeps results independent of the machine). A date without a year is placed in the latest
 * year that does not put it after `now` (with a day of slack for zones): the syslog convention,
 * right for a log exported within a year of the scan, and it keeps December before January across
 * New Year.
 */

export interface ParseTimeOptions {
  /** Reference time for dates without a year. */
  readonly now: number;
  /** How to read an ambiguous numeric date like `05/10/2022`; undefined: do not guess. */
  readonly dayFirst?: boolean;
}

export type NumericDateOrder = "day-first" | "month-first" | "ambiguous";

const DAY_MS = 86_400_000;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([ap])\.?m\.?)?`;
const ZONE = String.raw`(z|utc|gmt|(?:utc|gmt)?\s*[+-]\d{2}:?\d{2})?`;
const TAIL = String.raw`(?:[t\s,]+${TIME})?\s*${ZONE}`;
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?`;

// Each pattern's groups: date parts first, then hour, minute, second, fraction, am/pm, zone.
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TAIL}$`, "i");
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TAIL}$`, "i");
const MONTH_DAY = new RegExp(String.raw`^${MONTH}[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?(?:[\s-]+(\d{4}))?${TAIL}$`, "i");
const DAY_MONTH = new RegExp(String.raw`^(\d{1,2})[\s-]+${MONTH}(?:[\s-]+(\d{4}|\d{2}))?${TAIL}$`, "i");
const EPOCH = /^(\d{10}|\d{13})$/;
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
/** `(Coordinated Universal Time)` after a JavaScript-style date. */
const ZONE_NAME = /\s*\([^)]*\)$/;

interface DateParts {
  readonly year: number | null;
  readonly month: number;
  readonly day: number;
}

export function parseTime(text: string, options: ParseTimeOptions): number | null {
  const s = text.trim().replace(WEEKDAY, "").replace(ZONE_NAME, "");
  if (s === "") return null;
  const epoch = EPOCH.exec(s);
  if (epoch) return s.length === 10 ? Number(s) * 1000 : Number(s);
  let m = ISO.exec(s);
  if (m) return build({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, m.slice(4), options.now);
  m = MONTH_DAY.exec(s);
  if (m) return build({ year: m[3] ? Number(m[3]) : null, month: monthNumber(m[1]), day: Number(m[2]) }, m.slice(4), options.now);
  m = DAY_MONTH.exec(s);
  if (m) return build({ year: m[3] ? fullYear(m[3]) : null, month: monthNumber(m[2]), day: Number(m[1]) }, m.slice(4), options.now);
  m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const order = orderOf(a, b);
    const dayFirst = order === "ambiguous" ? options.dayFirst : order === "day-first";
    if (dayFirst === undefined) return null;
    const year = fullYear(m[3] ?? "");
    return build({ year, month: dayFirst ? b : a, day: dayFirst ? a : b }, m.slice(4), options.now);
  }
  return null;
}

/** For a numeric date (`05/10/2022`): which number is the day, if that can be told. Null otherwise. */
export function numericDateOrder(text: string): NumericDateOrder | null {
  const m = NUMERIC.exec(text.trim());
  return m ? orderOf(Number(m[1]), Number(m[2])) : null;
}

function orderOf(a: number, b: number): NumericDateOrder {
  if (a > 12 && b <= 12) return "day-first";
  if (b > 12 && a <= 12) return "month-first";
  return "ambiguous";
}

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? "").slice(0, 3).toLowerCase()) + 1;
}

function fullYear(digits: string): number {
  const y = Number(digits);
  if (digits.length === 4) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

function build(date: DateParts, rest: readonly (string | undefined)[], now: number): number | null {
  const [hh, mm, ss, fraction, ampm, zone] = rest;
  let hour = hh === undefined ? 0 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm.toLowerCase() === "p" ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const offset = zoneOffsetMs(zone);
  if (offset === null) return null;
  const at = (year: number): number | null => {
    if (!isValidDate(year, date.month, date.day)) return null;
    return Date.UTC(year, date.month - 1, date.day, hour, minute, second, ms) - offset;
  };
  if (date.year !== null) return at(date.year);
  // No year: the latest year in which the date is not in the future (8 years covers 29 February).
  const latest = new Date(now + DAY_MS).getUTCFullYear();
  for (let year = latest; year > latest - 8; year--) {
    const t = at(year);
    if (t !== null && t <= now + DAY_MS) return t;
  }
  return null;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds to subtract for a zone suffix; 0 when there is none (UTC assumed); null if bad. */
function zoneOffsetMs(zone: string | undefined): number | null {
  if (zone === undefined) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0; // Z, UTC, GMT
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
