/**
 * The output formats of `diff` and `trend` by name (--format choices and help); the renderers are
 * loaded only when a comparison is printed, so --help and --version stay fast.
 */
import type { DiffRenderer } from "./diff-renderer.js";

export type DiffCommand = "diff" | "trend";

export const DIFF_FORMATS = {
  table: "the verdict on one screen, then the lists (default)",
  json: "one JSON document",
  ndjson: "one JSON object per changed IP, streamed",
  csv: "one row per changed IP (formula cells neutralised)",
  markdown: "GitHub-flavoured Markdown",
  junit: "JUnit XML for CI dashboards (a test case per gate and per run)",
  html: "the later run's HTML report with a 'what changed' section",
} as const;

export type DiffFormat = keyof typeof DIFF_FORMATS;
export const DIFF_FORMAT_NAMES = Object.keys(DIFF_FORMATS) as DiffFormat[];

export function isDiffFormat(name: string): name is DiffFormat {
  return Object.prototype.hasOwnProperty.call(DIFF_FORMATS, name);
}

export async function loadDiffRenderer(name: DiffFormat): Promise<DiffRenderer> {
  return (await import("./diff-renderer.js")).DIFF_RENDERERS[name];
}
