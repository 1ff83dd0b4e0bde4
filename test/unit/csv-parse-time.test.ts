import { describe, expect, it } from "vitest";
import { numericDateOrder, parseTime } from "../../src/parse/csv/parse-time.js";

const now = Date.UTC(2022, 11, 1, 12, 0); // 1 December 2022, noon UTC
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe("parseTime", () => {
  it.each([
    // ISO and relatives
    ["2022-10-21", utc(2022, 10, 21)],
    ["2022-10-21 13:45", utc(2022, 10, 21, 13, 45)],
    ["2022-10-21T13:45:07Z", utc(2022, 10, 21, 13, 45, 7)],
    ["2022-10-21T13:45:07.250+02:00", utc(2022, 10, 21, 11, 45, 7, 250)],
    ["2022-10-21 13:45:07 -0130", utc(2022, 10, 21, 15, 15, 7)],
    ["2022/10/21 1:02 PM", utc(2022, 10, 21, 13, 2)],
    ["  2022-10-21  ", utc(2022, 10, 21)],
    // Month names
    ["Oct 5, 2022 1:02 PM", utc(2022, 10, 5, 13, 2)],
    ["October 05 2022 01:02:03", utc(2022, 10, 5, 1, 2, 3)],
    ["05 Oct 2022 01:02", utc(2022, 10, 5, 1, 2)],
    ["5-Oct-22", utc(2022, 10, 5)],
    ["Wed Oct 05 2022 01:02:03 GMT+0000 (Coordinated Universal Time)", utc(2022, 10, 5, 1, 2, 3)],
    ["Sept 9 2022 12:00 AM", utc(2022, 9, 9, 0, 0)],
    // No year: the latest year not after now
    ["Oct 05 01:02", utc(2022, 10, 5, 1, 2)],
    ["Dec 01 23:30", utc(2022, 12, 1, 23, 30)], // later today, within the day of slack
    ["Dec 25 08:00", utc(2021, 12, 25, 8, 0)], // would be in the future: last year
    ["Feb 29 10:00", utc(2020, 2, 29, 10, 0)], // the latest leap year
    ["05 Oct 01:02", utc(2022, 10, 5, 1, 2)],
    // Numeric day/month, unambiguous
    ["21/10/2022 13:45", utc(2022, 10, 21, 13, 45)],
    ["10/21/2022", utc(2022, 10, 21)],
    ["21.10.22", utc(2022, 10, 21)],
    // Epoch
    ["1666359900", 1666359900000],
    ["1666359900123", 1666359900123],
    // Not times
    ["", null],
    ["-", null],
    ["a few seconds", null],
    ["2022-13-01", null],
    ["2022-02-30", null],
    ["2022-10-21 24:00", null],
    ["2022-10-21 13:61", null],
    ["13:00 PM", null],
    ["Oct 32 01:02", null],
    ["=NOW()", null],
    ["05/10/2022", null], // ambiguous without a hint
  ])("%j", (text, expected) => {
    expect(parseTime(text, { now })).toBe(expected);
  });

  it("reads an ambiguous numeric date in the order it is told", () => {
    expect(parseTime("05/10/2022 01:02", { now, dayFirst: true })).toBe(utc(2022, 10, 5, 1, 2));
    expect(parseTime("05/10/2022 01:02", { now, dayFirst: false })).toBe(utc(2022, 5, 10, 1, 2));
  });

  it("places no-year dates around New Year in the right order", () => {
    const january = Date.UTC(2023, 0, 2);
    expect(parseTime("Dec 31 23:00", { now: january })).toBe(utc(2022, 12, 31, 23, 0));
    expect(parseTime("Jan 01 01:00", { now: january })).toBe(utc(2023, 1, 1, 1, 0));
  });
});

describe("numericDateOrder", () => {
  it.each([
    ["21/10/2022", "day-first"],
    ["10/21/2022 13:45", "month-first"],
    ["05/10/2022", "ambiguous"],
    ["2022-10-21", null],
    ["Oct 05 01:02", null],
  ])("%j -> %s", (text, order) => {
    expect(numericDateOrder(text)).toBe(order);
  });
});
