/**
 * A terminal table for row commands, which can be huge (a /12 target is a million rows).
 * Choice: two passes over the rows, never an array of them. The first pass only measures the
 * columns (widths, and which are empty in every row); the second draws each row with the small box
 * writer (not cli-table3: see box-writer.ts) and yields the text in batches of BATCH_ROWS rows.
 * Memory is one batch of text; the price is iterating the rows twice, which is cheap next to
 * drawing them.
 */
import { boxRow, ruleLine } from "./box-writer.js";
import type { Paint } from "./colors.js";
import { measureRow, safeTexts, startMeasure } from "./cell-layout.js";
import { fitColumns, pick, type ColumnFit } from "./fit-columns.js";
import type { RowReport } from "./report-model.js";

const BATCH_ROWS = 500;

export interface StreamedTable {
  /** Table text in chunks; nothing when there are no rows. */
  readonly chunks: Iterable<string>;
  readonly rowCount: number;
  readonly fit: ColumnFit;
}

/** Measure first (so the row count and the columns are known before anything is printed), then stream. */
export function streamTable(report: RowReport, paint: Paint, terminalWidth: number | null): StreamedTable {
  const measures = startMeasure(report.columns);
  let rowCount = 0;
  for (const row of report.rows()) {
    measureRow(measures, report.columns, safeTexts(row));
    rowCount++;
  }
  const fit = fitColumns(report.columns, measures, terminalWidth);
  return { rowCount, fit, chunks: rowCount === 0 ? [] : drawRows(report, fit, paint) };
}

function* drawRows(report: RowReport, fit: ColumnFit, paint: Paint): Generator<string> {
  const { shown, widths } = fit;
  const columns = pick(report.columns, shown);
  const titles = columns.map((c) => c.title);
  let batch = ruleLine(widths, "top") + boxRow(columns, widths, titles, titles.map(() => "strong"), paint) + ruleLine(widths, "middle");
  let inBatch = 0;
  for (const row of report.rows()) {
    batch += boxRow(columns, widths, pick(safeTexts(row), shown), shown.map((i) => row[i]?.tone), paint);
    if (++inBatch < BATCH_ROWS) continue;
    yield batch;
    batch = "";
    inBatch = 0;
  }
  yield batch + ruleLine(widths, "bottom");
}
