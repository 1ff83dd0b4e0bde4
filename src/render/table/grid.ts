/**
 * The summary's small tables, drawn with the same box writer as the row commands. cli-table3 did
 * this before; it cost ~25 ms of a 150 ms run (its width measuring loads a large emoji regex)
 * while our cells arrive already wrapped and padded, so only the borders were left for it to draw.
 */
import { boxRow, ruleLine } from "./box-writer.js";
import { measureGrid, safeTexts } from "./cell-layout.js";
import type { Paint } from "./colors.js";
import { fitColumns, pick, type ColumnFit } from "./fit-columns.js";
import type { Grid } from "./report-model.js";

/** The grid's text (no final newline) and how its columns were fitted. */
export function drawGrid(grid: Grid, paint: Paint, terminalWidth: number | null): { text: string; fit: ColumnFit } {
  const fit = fitColumns(grid.columns, measureGrid(grid), terminalWidth);
  const { widths, shown } = fit;
  const columns = pick(grid.columns, shown);
  let out = ruleLine(widths, "top");
  out += boxRow(columns, widths, columns.map((c) => c.title), columns.map(() => "strong" as const), paint);
  out += ruleLine(widths, "middle");
  for (const row of grid.rows) out += boxRow(columns, widths, pick(safeTexts(row), shown), pick(row, shown).map((c) => c?.tone), paint);
  return { text: out + ruleLine(widths, "bottom").trimEnd(), fit };
}
