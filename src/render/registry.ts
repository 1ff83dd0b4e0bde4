/** The output formats by name; `--format` choices come from here. */
import { csvRenderer } from "./csv.js";
import { jsonRenderer } from "./json.js";
import { markdownRenderer } from "./markdown.js";
import { ndjsonRenderer } from "./ndjson.js";
import type { Renderer } from "./renderer.js";
import { tableRenderer } from "./table/table-renderer.js";

export const RENDERERS: Readonly<Record<string, Renderer>> = {
  table: tableRenderer,
  json: jsonRenderer,
  ndjson: ndjsonRenderer,
  csv: csvRenderer,
  markdown: markdownRenderer,
};

export const FORMAT_NAMES = Object.keys(RENDERERS);
