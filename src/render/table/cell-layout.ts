/**
 * Column widths and cell text for terminal tables. Cells are wrapped and padded here, before they
 * are drawn, so that nothing is truncated and a streamed table keeps one width per column.
 */
import { safeCell } from "../sanitize.js";
import type { Column, Grid } from "./report-model.js";
import { charCount, textWidth, wrapText } from "./wrap.js";

/** Narrowest a flexible column gets, however small the terminal. */
const MIN_FLEX_WIDTH = 20;

/** Widest text per column (header included), to be folded over rows with `measureRow`. */
export function startMeasure(columns: readonly Column[]): number[] {
  return columns.map((c) => textWidth(c.title));
}

export function measureRow(widest: number[], texts: readonly string[]): void {
  texts.forEach((t, i) => {
    widest[i] = Math.max(widest[i] ?? 0, textWidth(t));
  });
}

/**
 * Final widths: the widest text, capped by the column's maxWidth; a flex column instead gets the
 * room the terminal leaves (each column costs its width + 2 padding + 1 border, plus 1 border).
 */
export function columnWidths(columns: readonly Column[], widest: readonly number[], terminalWidth: number | null): number[] {
  const widths = columns.map((c, i) => {
    const natural = widest[i] ?? 0;
    const floor = textWidth(c.title);
    return Math.max(floor, c.maxWidth === undefined ? natural : Math.min(natural, c.maxWidth));
  });
  if (terminalWidth === null) return widths;
  const used = widths.reduce((sum, w, i) => sum + (columns[i]?.flex ? 0 : w), 0) + 3 * columns.length + 1;
  return widths.map((w, i) => {
    if (!columns[i]?.flex) return w;
    const room = Math.max(MIN_FLEX_WIDTH, terminalWidth - used);
    return Math.max(textWidth(columns[i]?.title ?? ""), Math.min(widest[i] ?? 0, room));
  });
}

/** One cell's text, wrapped to the width, every line padded to exactly the width. */
export function layoutCellLines(text: string, width: number, align: Column["align"]): string[] {
  return wrapText(text, width).map((line) => {
    const pad = " ".repeat(Math.max(0, width - charCount(line)));
    return align === "right" ? pad + line : line + pad;
  });
}

export function layoutCell(text: string, width: number, align: Column["align"]): string {
  return layoutCellLines(text, width, align).join("\n");
}

/** Every cell of a grid made safe for the terminal (escapes from the data become visible text). */
export function safeTexts(row: readonly { text: string }[]): string[] {
  return row.map((c) => safeCell(c.text));
}

export function measureGrid(grid: Grid): number[] {
  const widest = startMeasure(grid.columns);
  for (const row of grid.rows) measureRow(widest, safeTexts(row));
  return widest;
}
