/**
 * Report blocks drawn for a terminal: bold title and headings, box grids, indented lists. Lines
 * wrap at the terminal width like the table cells do.
 */
import { safeCell } from "../sanitize.js";
import type { Paint } from "./colors.js";
import { droppedBlocks } from "./fit-columns.js";
import { drawGrid } from "./grid.js";
import type { Block } from "./report-model.js";
import { wrapText } from "./wrap.js";

const BULLET = "  - ";
const HANGING = "    ";

function wrapped(text: string, terminalWidth: number | null, indent = 0): string[] {
  return terminalWidth === null ? [text] : wrapText(text, terminalWidth - indent);
}

export function* layoutBlocks(blocks: readonly Block[], paint: Paint, terminalWidth: number | null): Generator<string> {
  let first = true;
  for (const block of blocks) {
    if (block.kind === "heading" && !first) yield "\n";
    first = false;
    switch (block.kind) {
      case "title":
      case "heading":
        for (const line of wrapped(safeCell(block.text), terminalWidth)) yield `${paint(line, "strong")}\n`;
        break;
      case "line":
        for (const line of wrapped(safeCell(block.text), terminalWidth)) yield `${paint(line, block.tone)}\n`;
        break;
      case "list":
        for (const item of block.items) {
          const lines = wrapped(safeCell(item), terminalWidth, BULLET.length);
          yield lines.map((line, i) => `${i === 0 ? BULLET : HANGING}${line}\n`).join("");
        }
        break;
      case "grid": {
        const { text, fit } = drawGrid(block.grid, paint, terminalWidth);
        yield `${text}\n`;
        yield* layoutBlocks(droppedBlocks(fit, terminalWidth), paint, terminalWidth);
        break;
      }
    }
  }
}
