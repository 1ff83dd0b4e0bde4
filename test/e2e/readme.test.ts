/** The documented example outputs are real: each "$ scantriage ..." block in the README and docs/ matches a fresh run. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { EXAMPLE, exampleFiles, runExample } from "../../scripts/update-readme.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const files = (exampleFiles as (root: string) => string[])(ROOT);
const examples = files.flatMap((file) =>
  [...readFileSync(resolve(ROOT, file), "utf8").matchAll(EXAMPLE as RegExp)].map((m) => ({ file, args: m[1] ?? "", shown: (m[2] ?? "").trimEnd() })),
);

describe("documented examples (refresh with: npm run build && node scripts/update-readme.mjs)", () => {
  it("reads the README and the long examples in docs/", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("docs/examples.md");
  });

  it("has examples for every command", () => {
    const commands = new Set(examples.map((e) => e.args.split(/\s+/)[0]));
    expect([...commands].sort()).toEqual(["auth", "hosts", "risk", "summarize"]);
  });

  it.each(examples.map((e) => [e.file, e.args, e.shown] as const))("%s: $ scantriage %s", (_file, args, shown) => {
    expect((runExample as (root: string, args: string) => string)(ROOT, args)).toBe(shown);
  });
});
