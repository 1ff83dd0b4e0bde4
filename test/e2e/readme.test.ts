/** The README's example outputs are real: each "$ scantriage ..." block matches a fresh run. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { EXAMPLE, runExample } from "../../scripts/update-readme.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const readme = readFileSync(resolve(ROOT, "README.md"), "utf8");
const examples = [...readme.matchAll(EXAMPLE as RegExp)].map((m) => ({ args: m[1] ?? "", shown: (m[2] ?? "").trimEnd() }));

describe("README examples (refresh with: node scripts/update-readme.mjs)", () => {
  it("has examples for every command", () => {
    const commands = new Set(examples.map((e) => e.args.split(/\s+/)[0]));
    expect([...commands].sort()).toEqual(["auth", "hosts", "risk", "summarize"]);
  });

  it.each(examples.map((e) => [e.args, e.shown] as const))("$ scantriage %s", (args, shown) => {
    expect((runExample as (root: string, args: string) => string)(ROOT, args)).toBe(shown);
  });
});
