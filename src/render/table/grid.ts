/**
 * The summary's small tables, drawn with the same box writer as the row commands. cli-table3 did
 * this before; it cost ~25 ms of a 150 ms run (its width measuring loads a large emoji regex)
 * while our cells arrive already wrapped and padded, so only the borders were left for it to draw.
 */
import { boxRow, ruleLine } from "./box-writer.js";
import { columnWidths, measureGrid, safeTexts } from "./cell-layout.js";
import type { Paint } from "./colors.js";
import type { Grid } from "./report-model.js";

export function drawGrid(grid: Grid, paint: Paint, terminalWidth: number | null): string {
  const { columns } = grid;
  const widths = columnWidths(columns, measureGrid(grid), terminalWidth);
  let out = ruleLine(widths, "top");
  out += boxRow(columns, widths, columns.map((c) => c.title), columns.map(() => "strong" as const), paint);
  out += ruleLine(widths, "middle");
  for (const row of grid.rows) out += boxRow(columns, widths, safeTexts(row), row.map((c) => c?.tone), paint);
  return out + ruleLine(widths, "bottom").trimEnd();
}
