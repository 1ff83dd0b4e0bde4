/**
 * `--format markdown`: the same content as the table format, as GitHub-flavoured Markdown (for
 * tickets, wikis and CI job summaries). `summarize` becomes headings and tables; row commands one
 * table, streamed row by row (`hosts` with inferred ranges as single rows, as in the table format).
 */
import type { RenderContext, Renderer } from "./renderer.js";
import { safeCell } from "./sanitize.js";
import type { Block, Column, Grid, Row } from "./table/report-model.js";
import { ROW_REPORTS } from "./table/row-reports.js";
import { summaryBlocks } from "./table/summary-report.js";

/**
 * Backslash-escape what Markdown would interpret inline: `|` would end a table cell, `<` start
 * HTML, `&` an entity, `* _ [ ] \`` emphasis, links or code. Runs after safeCell, so control
 * characters and newlines are already gone.
 */
export function markdownText(text: string): string {
  return safeCell(text).replace(/[\\|`*_[\]<>&]/g, "\\$&");
}

/** Text that starts a paragraph or list item: a leading `#`, `-`, `+`, `=` or "1." would also start a heading or list. */
function markdownParagraph(text: string): string {
  return markdownText(text)
    .replace(/^([#+=-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

function tableHead(columns: readonly Column[]): string {
  const titles = columns.map((c) => markdownText(c.title));
  const rule = columns.map((c) => (c.align === "right" ? "---:" : "---"));
  return `| ${titles.join(" | ")} |\n| ${rule.join(" | ")} |\n`;
}

function tableRow(row: Row): string {
  return `| ${row.map((c) => markdownText(c.text)).join(" | ")} |\n`;
}

function gridText(grid: Grid): string {
  return `${tableHead(grid.columns)}${grid.rows.map(tableRow).join("")}`;
}

/** One block; blocks are separated by a blank line (see renderMarkdown). */
function blockText(block: Block): string {
  switch (block.kind) {
    case "title":
      return `# ${markdownText(block.text)}\n`;
    case "heading":
      return `## ${markdownText(block.text)}\n`;
    case "line":
      return `${markdownParagraph(block.text)}\n`;
    case "list":
      return block.items.map((item) => `- ${markdownParagraph(item)}\n`).join("");
    case "grid":
      return gridText(block.grid);
  }
}

/** Blocks as Markdown, separated by blank lines. */
export function* markdownBlocks(blocks: Iterable<Block>): Generator<string> {
  let first = true;
  for (const block of blocks) {
    yield first ? blockText(block) : `\n${blockText(block)}`;
    first = false;
  }
}

function* renderMarkdown(ctx: RenderContext): Generator<string> {
  if (ctx.command === "summarize") {
    yield* markdownBlocks(summaryBlocks(ctx.summary, ctx.parts));
    return;
  }
  const report = ROW_REPORTS[ctx.command](ctx);
  let rowCount = 0;
  for (const row of report.rows()) {
    if (rowCount === 0) yield tableHead(report.columns);
    yield tableRow(row);
    rowCount++;
  }
  if (rowCount === 0) yield `${markdownParagraph(report.empty)}\n`;
  for (const block of report.after(rowCount)) yield `\n${blockText(block)}`;
}

export const markdownRenderer: Renderer = {
  name: "markdown",
  description: "GitHub-flavoured Markdown tables (tickets, wikis, CI job summaries)",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderMarkdown,
};
