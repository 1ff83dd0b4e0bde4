/**
 * Map/reduce on every bundled example and every file of ../shared/corpus: `hosts --format ndjson`
 * per input (the map step), `summarize` over the parts (the reduce step), against `summarize` over
 * the inputs. Each input alone, and all of them in one run. The corpus is read where it is (never
 * copied); without it that part is skipped with a note.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { comparable } from "../helpers/map-reduce.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus");
const DIR = mkdtempSync(join(tmpdir(), "scantriage-roundtrip-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const rel = (path: string) => relative(process.cwd(), path);
const EXAMPLES = ["examples/scan-log.csv", "examples/qualys-scan.xml"].map((p) => rel(resolve(ROOT, p)));
const CORPUS_FILES = existsSync(CORPUS)
  ? ["qualys", "qualys-exports"].flatMap((dir) =>
      readdirSync(join(CORPUS, dir))
        .filter((name) => /\.(xml|csv|json)$/.test(name))
        .sort()
        .map((name) => rel(join(CORPUS, dir, name))),
    )
  : [];

let dirs = 0;

/** The parts of a set of inputs, named so that their glob order is the inputs' order. */
async function mapStep(inputs: readonly string[]): Promise<{ parts: string[]; refused: string[] }> {
  const dir = join(DIR, String(dirs++));
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir);
  const parts: string[] = [];
  const refused: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const r = await runInProcess("hosts", [input], { format: "ndjson", quiet: true });
    if (r.code === 2) {
      refused.push(input);
      continue;
    }
    expect(r.code, r.stderr).toBe(0);
    const part = join(dir, `${String(i).padStart(4, "0")}.ndjson`);
    writeFileSync(part, r.stdout);
    parts.push(part);
  }
  return { parts, refused };
}

async function summary(inputs: readonly string[]): Promise<{ code: number; summary: Summary | null; stderr: string }> {
  const r = await runInProcess("summarize", [...inputs], { format: "json", quiet: true });
  return { code: r.code, summary: r.code === 2 ? null : (JSON.parse(r.stdout) as Summary), stderr: r.stderr };
}

async function expectReduceEqualsDirect(inputs: readonly string[]): Promise<void> {
  const { parts, refused } = await mapStep(inputs);
  const direct = await summary(inputs.filter((i) => !refused.includes(i)));
  if (parts.length === 0) return;
  const reduced = await summary(parts);
  expect(reduced.code).toBe(direct.code);
  const d = direct.summary as Summary;
  const r = reduced.summary as Summary;
  if (d.totals.ips === 0) {
    // Inputs without a host leave empty parts: everything but why the breakdowns are empty is equal.
    expect({ ...comparable(r), breakdowns: undefined }).toEqual({ ...comparable(d), breakdowns: undefined });
    expect(r.inputs.every((i) => i.warnings.some((w) => w.startsWith("an empty part")))).toBe(true);
    return;
  }
  expect(comparable(r)).toEqual(comparable(d));
  // inputs[] describe the parts: one each, as many records as rows, the original's stated statuses.
  expect(r.inputs.map((i) => i.format)).toEqual(parts.map(() => "scantriage-hosts"));
}

describe("map/reduce round trip: the bundled examples", () => {
  it.each(EXAMPLES)("%s", async (input) => {
    await expectReduceEqualsDirect([input]);
  });

  it("both examples in one run", async () => {
    await expectReduceEqualsDirect(EXAMPLES);
  });
});

describe.skipIf(CORPUS_FILES.length === 0)("map/reduce round trip: ../shared/corpus", () => {
  it.each(CORPUS_FILES)("%s", async (input) => {
    const { parts, refused } = await mapStep([input]);
    // A document the tool refuses is refused by the map step, as by summarize: nothing to reduce.
    if (refused.length > 0) {
      expect(parts).toEqual([]);
      expect((await summary([input])).code).toBe(2);
      return;
    }
    await expectReduceEqualsDirect([input]);
  });

  it("every corpus file and example in one run, in order", async () => {
    await expectReduceEqualsDirect([...EXAMPLES, ...CORPUS_FILES]);
  });

  it("in reverse order too (ties are decided by input order, the parts keep it)", async () => {
    await expectReduceEqualsDirect([...CORPUS_FILES, ...EXAMPLES].reverse());
  });
});

if (CORPUS_FILES.length === 0) console.warn(`note: ${CORPUS} not found: the corpus round trips are skipped`);
