/** What follows the root element: harmless trailers pass, a second glued-on document is found. */
import { describe, expect, it } from "vitest";
import { TrailerWatch } from "../../src/parse/xml/trailer-watch.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function watch(text: string, chunk: number): number | null {
  const w = new TrailerWatch();
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) w.feed(bytes.subarray(i, i + chunk));
  return w.found;
}

describe("TrailerWatch", () => {
  it.each([1, 2, 5, 4096])("ignores comments, white space and a form feed (chunks of %i)", (chunk) => {
    expect(watch("\n<!-- CONFIDENTIAL <SCAN> Copyright //-->\n\f\n<!-- keep-alive -->\n", chunk)).toBeNull();
  });

  it.each([1, 3, 4096])("finds a second document and its line (chunks of %i)", (chunk) => {
    expect(watch("\n<!-- trailer\n -->\n<?xml version=\"1.0\"?>\n<SCAN>", chunk)).toBe(3);
    expect(watch("<SCAN value='x'>", chunk)).toBe(0);
  });
});

describe("a Qualys file with a second document glued behind it", () => {
  it("is refused, naming the line where the second document starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-trailer-"));
    const one = readFileSync("examples/qualys-scan.xml", "utf8");
    const joined = join(dir, "joined.xml");
    writeFileSync(joined, one + one);
    const r = await runInProcess("summarize", [joined], { format: "json" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const secondStart = one.split("\n").length; // the first file ends with a newline
    expect(r.stderr.trim()).toBe(`scantriage: error: ${joined}:${secondStart}: a second XML document follows the first one (files joined together?): give each file as its own input`);
  });
});
