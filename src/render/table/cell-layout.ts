/**
 * Measuring columns and laying out cell text for terminal tables. Cells are wrapped and padded
 * here, before they are drawn, so that nothing is truncated and a streamed table keeps one width
 * per column.
 */
import { safeCell } from "../sanitize.js";
import type { Column, Grid } from "./report-model.js";
import { charCount, longestWord, textWidth, wrapText } from "./wrap.js";

/** What the measuring pass learns about one column (see fit-columns.ts for how it is used). */
export interface ColumnMeasure {
  /** Widest text, title included. */
  widest: number;
  /** Longest word of the cells (the title's are the fit's business). */
  longestWord: number;
  /** Cells that hold a value (neither empty nor the column's placeholder). */
  filled: number;
  /** Rows measured. */
  rows: number;
}

export function startMeasure(columns: readonly Column[]): ColumnMeasure[] {
  return columns.map((c) => ({ widest: textWidth(c.title), longestWord: 0, filled: 0, rows: 0 }));
}

/** Fold one row's (sanitised) texts into the measures. */
export function measureRow(measures: readonly ColumnMeasure[], columns: readonly Column[], texts: readonly string[]): void {
  measures.forEach((m, i) => {
    const text = texts[i] ?? "";
    const column = columns[i];
    m.rows++;
    if (column === undefined || text === "") return;
    m.widest = Math.max(m.widest, textWidth(text));
    // Free text may split words, so only the other columns need their longest word.
    if (column.minWidth === undefined) m.longestWord = Math.max(m.longestWord, longestWord(text));
    if (text !== column.placeholder) m.filled++;
  });
}

export function measureGrid(grid: Grid): ColumnMeasure[] {
  const measures = startMeasure(grid.columns);
  for (const row of grid.rows) measureRow(measures, grid.columns, safeTexts(row));
  return measures;
}

/** One cell's text, wrapped to the width, every line padded to exactly the width. */
export function layoutCellLines(text: string, width: number, align: Column["align"]): string[] {
  return wrapText(text, width).map((line) => {
    const pad = " ".repeat(Math.max(0, width - charCount(line)));
    return align === "right" ? pad + line : line + pad;
  });
}

/** Every cell of a row made safe for the terminal (escapes from the data become visible text). */
export function safeTexts(row: readonly { text: string }[]): string[] {
  return row.map((c) => safeCell(c.text));
}
