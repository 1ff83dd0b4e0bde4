/** README examples show what an 80-column terminal shows (scripts/update-readme.mjs runs them). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { runExample } from "../../scripts/update-readme.mjs";

let root: string | null = null;

afterEach(() => {
  if (root !== null) rmSync(root, { recursive: true, force: true });
  root = null;
});

describe("README example runs", () => {
  it("run the binary with COLUMNS=80 and without colour", () => {
    // A stand-in binary that prints the environment it was given.
    root = mkdtempSync(join(tmpdir(), "scantriage-readme-"));
    mkdirSync(join(root, "bin"));
    writeFileSync(join(root, "bin", "scantriage.cjs"), "console.log(`${process.env.COLUMNS} ${process.env.NO_COLOR}`);\n");
    expect((runExample as (root: string, args: string) => string)(root, "summarize x.csv")).toBe("80 1");
  });
});
