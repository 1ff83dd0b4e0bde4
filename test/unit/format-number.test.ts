import { describe, expect, it } from "vitest";
import { formatCount, formatPercent, formatRisk, plural } from "../../src/lib/format-number.js";

describe("numbers for people", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [16777216, "16,777,216"],
    [-1234, "-1,234"],
  ])("formatCount(%d) = %s", (n, text) => expect(formatCount(n)).toBe(text));

  it.each([
    [1, 3, "33.3%"],
    [2, 3, "66.7%"],
    [0, 0, "0.0%"],
    [5, 5, "100.0%"],
  ])("formatPercent(%d, %d) = %s", (part, total, text) => expect(formatPercent(part, total)).toBe(text));

  it.each([
    [null, "-"],
    [0, "0.0"],
    [2.4, "2.4"],
    [3, "3.0"],
  ])("formatRisk(%s) = %s", (risk, text) => expect(formatRisk(risk)).toBe(text));

  it("plural", () => {
    expect(plural(1, "IP")).toBe("1 IP");
    expect(plural(1024, "input")).toBe("1,024 inputs");
  });
});
