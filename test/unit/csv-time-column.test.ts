import { describe, expect, it } from "vitest";
import { TimeColumnReader } from "../../src/parse/csv/time-column.js";

const now = Date.UTC(2022, 11, 1);

describe("TimeColumnReader", () => {
  it("reads times and treats placeholders as no time, without warning", () => {
    const reader = new TimeColumnReader(now);
    expect(reader.read("2022-10-21", 2)).toBe(Date.UTC(2022, 9, 21));
    expect(reader.read("2022-10-21", 3)).toBe(Date.UTC(2022, 9, 21));
    expect(reader.read("", 4)).toBeNull();
    expect(reader.read("N/A", 5)).toBeNull();
    expect(reader.warnings()).toEqual([]);
  });

  it("counts unreadable times once", () => {
    const reader = new TimeColumnReader(now);
    expect(reader.read("yesterday", 4)).toBeNull();
    expect(reader.read("soon", 6)).toBeNull();
    expect(reader.warnings()).toEqual([{ code: "csv.unparsedTimes", args: { count: 2, firstLine: 4, example: "yesterday" } }]);
  });

  it("learns the day/month order from the first unambiguous date", () => {
    const reader = new TimeColumnReader(now);
    expect(reader.read("05/10/2022", 2)).toBeNull();
    expect(reader.read("21/10/2022", 3)).toBe(Date.UTC(2022, 9, 21));
    expect(reader.read("05/10/2022", 4)).toBe(Date.UTC(2022, 9, 5));
    expect(reader.warnings()).toEqual([{ code: "csv.ambiguousDates", args: { count: 1, firstLine: 2, example: "05/10/2022" } }]);
  });

  it("learns month-first as well", () => {
    const reader = new TimeColumnReader(now);
    expect(reader.read("10/21/2022", 2)).toBe(Date.UTC(2022, 9, 21));
    expect(reader.read("05/10/2022", 3)).toBe(Date.UTC(2022, 4, 10));
  });

  it("an assumed order reads ambiguous dates until the file shows its own (Qualys exports: month first)", () => {
    const reader = new TimeColumnReader(now, false);
    expect(reader.read("05/10/2022", 2)).toBe(Date.UTC(2022, 4, 10));
    expect(reader.read("21/10/2022", 3)).toBe(Date.UTC(2022, 9, 21));
    expect(reader.read("06/10/2022", 4)).toBe(Date.UTC(2022, 9, 6));
    expect(reader.warnings()).toEqual([]);
  });
});
