import { describe, expect, it } from "vitest";
import { layoutCellLines, type ColumnMeasure } from "../../src/render/table/cell-layout.js";
import { fitColumns } from "../../src/render/table/fit-columns.js";
import { loadColors, painter } from "../../src/render/table/colors.js";
import { formatCount, formatPercent, formatRisk, plural } from "../../src/lib/format-number.js";
import { wrapText } from "../../src/render/table/wrap.js";

function measured(widest: number): ColumnMeasure {
  return { widest, longestWord: widest, filled: 1, rows: 1 };
}

describe("wrapText", () => {
  it("leaves short text alone", () => {
    expect(wrapText("short", 10)).toEqual(["short"]);
  });

  it("breaks at spaces and splits words longer than the width, losing nothing", () => {
    const text = "a-very-long-hostname-without-spaces.example.com and more";
    const lines = wrapText(text, 12);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(12);
    expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
    expect(wrapText("one two three", 7)).toEqual(["one two", "three"]);
  });

  it("counts astral characters once", () => {
    expect(wrapText("🙂🙂🙂🙂", 2)).toEqual(["🙂🙂", "🙂🙂"]);
  });
});

describe("cell layout", () => {
  it("pads every line to the column width, on the right side for numbers", () => {
    expect(layoutCellLines("7", 4, "right")).toEqual(["   7"]);
    expect(layoutCellLines("ab cd", 3, "left")).toEqual(["ab ", "cd "]);
  });

  it("caps widths at maxWidth without a terminal width, never below the title", () => {
    const columns = [{ title: "IP" }, { title: "Detail", maxWidth: 10 }];
    const measures = [measured(8), measured(50)];
    expect(fitColumns(columns, measures, null).widths).toEqual([8, 10]);
    expect(fitColumns([{ title: "Hostname", maxWidth: 4 }], [measured(2)], null).widths).toEqual([8]);
  });
});

describe("numbers and colour", () => {
  it("formats counts, shares and risks for people", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatPercent(1, 3)).toBe("33.3%");
    expect(formatPercent(0, 0)).toBe("0.0%");
    expect(formatRisk(2.4)).toBe("2.4");
    expect(formatRisk(3)).toBe("3.0");
    expect(formatRisk(null)).toBe("-");
    expect(plural(1, "IP")).toBe("1 IP");
    expect(plural(1200, "input")).toBe("1,200 inputs");
  });

  it.each([
    [1, 100000, "<0.1%"],
    [4, 10000, "<0.1%"],
    [5, 10000, "0.1%"],
    [99999, 100000, ">99.9%"],
    [9995, 10000, ">99.9%"],
    [9994, 10000, "99.9%"],
    [0, 100000, "0.0%"],
    [100000, 100000, "100.0%"],
  ])("never rounds a share of %d in %d to none or all: %s", (part, total, text) => {
    expect(formatPercent(part, total)).toBe(text);
  });

  it("paints only when colour is on, and needs chalk loaded for that", async () => {
    expect(painter(false)("x", "bad")).toBe("x");
    expect(painter(false)("", "strong")).toBe("");
    await loadColors();
    expect(painter(true)("x", "bad")).toBe("\x1b[31mx\x1b[39m");
    expect(painter(true)("x")).toBe("x");
  });
});
