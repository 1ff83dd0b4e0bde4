/**
 * The summary's small tables, drawn with cli-table3. Its own colouring is switched off (style
 * head/border empty) because it decides colour support by itself; all colour comes from our
 * painter, applied to the cell text. Compact style: no separator line between body rows.
 */
import Table from "cli-table3";
import type { Paint } from "./colors.js";
import { columnWidths, layoutCell, measureGrid, safeTexts } from "./cell-layout.js";
import type { Grid } from "./report-model.js";

export function drawGrid(grid: Grid, paint: Paint, terminalWidth: number | null): string {
  const { columns } = grid;
  const widths = columnWidths(columns, measureGrid(grid), terminalWidth);
  const table = new Table({
    head: columns.map((c, i) => paint(layoutCell(c.title, widths[i] ?? 0, c.align), "strong")),
    style: { head: [], border: [], compact: true },
  });
  for (const row of grid.rows) {
    const texts = safeTexts(row);
    table.push(columns.map((c, i) => paint(layoutCell(texts[i] ?? "", widths[i] ?? 0, c.align), row[i]?.tone)));
  }
  return table.toString();
}
