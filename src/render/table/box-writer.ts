/**
 * A minimal box-table writer (cli-table3's glyphs) for every terminal table. Why not cli-table3:
 * it cost ~0.2-0.3 ms per row, minutes for a million-row `hosts`, and ~25 ms at start-up; this
 * writer is a string join per line. Cells arrive already
 * wrapped and padded (cell-layout.ts), so each row is drawn on its own and can be streamed.
 */
import type { Paint } from "./colors.js";
import { layoutCellLines } from "./cell-layout.js";
import type { Column, Tone } from "./report-model.js";

type RuleKind = "top" | "middle" | "bottom";

const RULE_GLYPHS: Record<RuleKind, readonly [string, string, string]> = {
  top: ["┌", "┬", "┐"],
  middle: ["├", "┼", "┤"],
  bottom: ["└", "┴", "┘"],
};

export function ruleLine(widths: readonly number[], kind: RuleKind): string {
  const [left, join, right] = RULE_GLYPHS[kind];
  return `${left}${widths.map((w) => "─".repeat(w + 2)).join(join)}${right}\n`;
}

/** One table row (several lines when a cell wraps), sanitised texts given. */
export function boxRow(
  columns: readonly Column[],
  widths: readonly number[],
  texts: readonly string[],
  tones: readonly (Tone | undefined)[],
  paint: Paint,
): string {
  const cells = columns.map((c, i) => layoutCellLines(texts[i] ?? "", widths[i] ?? 0, c.align));
  const height = Math.max(...cells.map((lines) => lines.length));
  let out = "";
  for (let line = 0; line < height; line++) {
    // Filler under a shorter cell stays unpainted: colour codes around blanks are just noise.
    const parts = cells.map((lines, i) => {
      const text = lines[line];
      return text === undefined ? " ".repeat(widths[i] ?? 0) : paint(text, tones[i]);
    });
    out += `│ ${parts.join(" │ ")} │\n`;
  }
  return out;
}
