/**
 * Shared ground of the Qualys fixture tests: run a command in process on files of
 * test/fixtures/qualys and read its JSON. Paths are given relative to the project root, as a user
 * would type them, so that messages naming the file can be asserted exactly.
 */
import { relative, resolve } from "node:path";
import { expect } from "vitest";
import type { RawOptions } from "../../src/cli/options.js";
import type { Summary } from "../../src/aggregate/summarize.js";
import { runInProcess, type Captured } from "../helpers/run-in-process.js";
import { expectOnlyWarnings, expectStderrWarningsOf } from "../helpers/stderr.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** A fixture's path relative to the working directory (vitest runs from the project root). */
export function fixture(name: string): string {
  return relative(process.cwd(), resolve(ROOT, "test/fixtures/qualys", name));
}

/** The fields of a `hosts --format json` row these tests look at. */
export interface HostJson {
  readonly ip: string | null;
  readonly hostname: string | null;
  readonly status: string;
  readonly securityRisk: number | null;
  readonly confirmed: number | null;
  readonly potential: number | null;
  readonly info: number | null;
  readonly detail: string | null;
  readonly source: string;
  readonly os: string | null;
  readonly decidedBy: string;
  readonly duplicates: number;
}

/** Ran: exit 0 and nothing on stderr but warnings. */
function expectRan(r: Captured): void {
  expectOnlyWarnings(r.stderr);
  expect(r.code).toBe(0);
}

export async function summarizeFixtures(names: string[], options: RawOptions = {}): Promise<Summary> {
  const r = await runInProcess("summarize", names.map(fixture), { format: "json", ...options });
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.stdout) as Summary;
  expectStderrWarningsOf(r.stderr, summary);
  return summary;
}

export async function hostRows(names: string[], options: RawOptions = {}): Promise<HostJson[]> {
  const r = await runInProcess("hosts", names.map(fixture), { format: "json", ...options });
  expectRan(r);
  return JSON.parse(r.stdout) as HostJson[];
}

/** Rows keyed by IP (or by hostname for a hostname target that resolved to no address). */
export async function hostsByKey(names: string[], options: RawOptions = {}): Promise<Map<string, HostJson>> {
  const rows = await hostRows(names, options);
  return new Map(rows.map((row) => [row.ip ?? `name:${row.hostname ?? ""}`, row]));
}

/** Every warning of a summary: the global ones and each input's. */
export function allWarnings(summary: Summary): string[] {
  return [...summary.warnings, ...summary.inputs.flatMap((i) => i.warnings)];
}

/** Refused with exit 2: nothing on stdout, exactly one line on stderr, no stack trace. */
export function expectOneLineRefusal(r: Captured): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? "";
}
