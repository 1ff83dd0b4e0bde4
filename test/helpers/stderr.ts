/** Checks on what a successful run prints on stderr: warnings only, and exactly those of the report. */
import { expect } from "vitest";

export function warningLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line !== "");
}

/** Every stderr line is a warning (no error, no stack trace, no gate message). */
export function expectOnlyWarnings(stderr: string): void {
  for (const line of warningLines(stderr)) expect(line).toMatch(/^scantriage: warning: /);
}

interface Diagnostics {
  readonly diagnostics: readonly { severity: string; input: string | null; message: string }[];
}

/** stderr holds exactly the warnings of the JSON summary's diagnostics (up to the cap), in order. */
export function expectStderrWarningsOf(stderr: string, summary: Diagnostics, cap = 10): void {
  const warnings = summary.diagnostics.filter((d) => d.severity === "warning");
  const expected = warnings.slice(0, cap).map((d) => `scantriage: warning: ${d.input ? `${d.input}: ` : ""}${d.message}`);
  if (warnings.length > cap) expected.push(expect.stringMatching(/^scantriage: warning: \.\.\. and \d+ more warning/) as unknown as string);
  expect(warningLines(stderr)).toEqual(expected);
}
