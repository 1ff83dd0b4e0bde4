/**
 * The output formats by name; `--format` choices come from here. Each reporter module is loaded
 * only when it is used, so `--json` never pays for the table libraries at start-up.
 */
import type { CommandName, Renderer } from "./renderer.js";

export interface RendererEntry {
  readonly description: string;
  readonly commands: readonly CommandName[];
  /** `color`: the output will be coloured (only the table colours, and only then loads chalk). */
  readonly load: (color: boolean) => Promise<Renderer>;
}

const ALL: readonly CommandName[] = ["summarize", "hosts", "auth", "risk"];

export const RENDERERS: Readonly<Record<string, RendererEntry>> = {
  table: {
    description: "tables for people (default)",
    commands: ALL,
    load: async (color) => {
      const table = await import("./table/table-renderer.js");
      if (color) await table.loadColors();
      return table.tableRenderer;
    },
  },
  json: { description: "one JSON document", commands: ALL, load: async () => (await import("./json.js")).jsonRenderer },
  ndjson: { description: "one JSON object per line, streamed", commands: ["hosts", "auth", "risk"], load: async () => (await import("./ndjson.js")).ndjsonRenderer },
  csv: { description: "CSV for spreadsheets (formula cells neutralised)", commands: ALL, load: async () => (await import("./csv.js")).csvRenderer },
  markdown: { description: "GitHub-flavoured Markdown", commands: ALL, load: async () => (await import("./markdown.js")).markdownRenderer },
  junit: { description: "JUnit XML for CI dashboards (a test case per gate and per input)", commands: ALL, load: async () => (await import("./junit.js")).junitRenderer },
};

export const FORMAT_NAMES = Object.keys(RENDERERS);
