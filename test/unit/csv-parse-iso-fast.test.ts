/** The fast path must agree with the full parser wherever it answers, and step aside otherwise. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoFast } from "../../src/parse/csv/parse-iso-fast.js";
import { parseTime } from "../../src/parse/csv/parse-time.js";

const NOW = Date.UTC(2025, 0, 1);

describe("parseIsoFast", () => {
  it.each([
    ["2024-10-05 01:02:11", Date.UTC(2024, 9, 5, 1, 2, 11)],
    ["2024-10-05T01:02:11Z", Date.UTC(2024, 9, 5, 1, 2, 11)],
    ["2024-10-05 01:02", Date.UTC(2024, 9, 5, 1, 2)],
    ["2024-02-29 23:59:59", Date.UTC(2024, 1, 29, 23, 59, 59)],
  ])("%s", (text, expected) => expect(parseIsoFast(text)).toBe(expected));

  it.each(["2023-02-29 10:00:00", "2024-13-01 10:00", "2024-10-05 24:00", "2024-10-05 01:60", "2024-10-05", "2024-10-05 01:02:11+02:00", "Oct 05 01:02", "2024/10/05 01:02"])(
    "steps aside for %s",
    (text) => expect(parseIsoFast(text)).toBeUndefined(),
  );

  it("reads a span of a longer text, and a remembered date never answers for another", () => {
    const text = "x,2024-10-05 01:02:11,2024-10-06T00:00Z,y";
    expect(parseIsoFast(text, 2, 21)).toBe(Date.UTC(2024, 9, 5, 1, 2, 11));
    expect(parseIsoFast(text, 22, 39)).toBe(Date.UTC(2024, 9, 6));
    expect(parseIsoFast(text, 2, 22)).toBeUndefined();
    expect(parseIsoFast("2024-02-29 10:00")).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parseIsoFast("2023-02-29 10:00")).toBeUndefined();
    expect(parseIsoFast("2024-02-29 11:00")).toBe(Date.UTC(2024, 1, 29, 11));
  });

  it("agrees with parseTime on generated date-times", () => {
    const part = (max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, "0"));
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2099 }), part(14), part(33), part(25), part(61), part(61), fc.constantFrom(" ", "T"), fc.constantFrom("", "Z"), fc.boolean(), (y, mo, d, h, mi, s, sep, z, withSeconds) => {
        const text = `${y}-${mo}-${d}${sep}${h}:${mi}${withSeconds ? `:${s}` : ""}${z}`;
        const fast = parseIsoFast(text);
        if (fast !== undefined) expect(fast).toBe(parseTime(text, { now: NOW }));
        else expect(parseTime(text, { now: NOW })).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
