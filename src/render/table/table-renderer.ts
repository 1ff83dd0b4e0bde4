/** `--format table`: the default on a terminal. Boxes from box-writer.ts, colour from ctx.color only. */
import type { RenderContext, Renderer } from "../renderer.js";
import { painter } from "./colors.js";
export { loadColors } from "./colors.js";
import { droppedBlocks } from "./fit-columns.js";
import { layoutBlocks } from "./layout-blocks.js";
import { ROW_REPORTS } from "./row-reports.js";
import { streamTable } from "./stream-table.js";
import { summaryBlocks } from "./summary-report.js";

function* renderTable(ctx: RenderContext): Generator<string> {
  const paint = painter(ctx.color);
  if (ctx.command === "summarize") {
    yield* layoutBlocks(summaryBlocks(ctx.summary, ctx.parts), paint, ctx.width);
    return;
  }
  const report = ROW_REPORTS[ctx.command](ctx);
  const table = streamTable(report, paint, ctx.width);
  if (table.rowCount === 0) yield* layoutBlocks([{ kind: "line", text: report.empty }], paint, ctx.width);
  yield* table.chunks;
  const dropped = table.rowCount === 0 ? [] : droppedBlocks(table.fit, ctx.width);
  yield* layoutBlocks([...dropped, ...report.after(table.rowCount)], paint, ctx.width);
}

export const tableRenderer: Renderer = {
  name: "table",
  description: "tables for people (the default on a terminal)",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderTable,
};
