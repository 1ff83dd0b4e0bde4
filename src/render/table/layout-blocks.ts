/** Report blocks drawn for a terminal: bold title and headings, box grids, indented lists. */
import { safeCell } from "../sanitize.js";
import type { Paint } from "./colors.js";
import { drawGrid } from "./grid.js";
import type { Block } from "./report-model.js";

export function* layoutBlocks(blocks: readonly Block[], paint: Paint, terminalWidth: number | null): Generator<string> {
  let first = true;
  for (const block of blocks) {
    if (block.kind === "heading" && !first) yield "\n";
    first = false;
    switch (block.kind) {
      case "title":
      case "heading":
        yield `${paint(safeCell(block.text), "strong")}\n`;
        break;
      case "line":
        yield `${paint(safeCell(block.text), block.tone)}\n`;
        break;
      case "list":
        for (const item of block.items) yield `  - ${safeCell(item)}\n`;
        break;
      case "grid":
        yield `${drawGrid(block.grid, paint, terminalWidth)}\n`;
        break;
    }
  }
}
