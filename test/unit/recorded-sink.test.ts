/**
 * What --jobs relies on: a reader's observations recorded (as on a worker thread), sent in batches
 * through a structured clone, and replayed into the builder give the same triage as the reader
 * writing to the builder itself. Here without threads, so every format is covered from source.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/aggregate/summarize.js";
import { TriageBuilder } from "../../src/aggregate/triage-builder.js";
import { iterateRows } from "../../src/aggregate/host-row.js";
import { InputError } from "../../src/errors.js";
import { readInput, type ReadSettings } from "../../src/pipeline/read-input.js";
import { RecordingSink, replay, type Op } from "../../src/pipeline/recorded-sink.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus");
const INPUTS = [
  join(ROOT, "examples/scan-log.csv"),
  join(ROOT, "examples/qualys-scan.xml"),
  ...readdirSync(join(CORPUS, "qualys")).map((f) => join(CORPUS, "qualys", f)),
  ...readdirSync(join(CORPUS, "qualys-exports")).filter((f) => !f.endsWith(".md")).map((f) => join(CORPUS, "qualys-exports", f)),
];

type Mode = "direct" | "replayed";

async function triage(paths: readonly string[], mode: Mode, keepDetails: boolean, batchSize: number) {
  const taxonomy = new Taxonomy();
  const builder = new TriageBuilder(taxonomy, keepDetails, null, true);
  const settings: ReadSettings = { forced: null, keepDetails, keepFindings: true, groupColumn: null };
  let batches = 0;
  const errors: string[] = [];
  for (const path of paths) {
    const { index, sink, report } = builder.sinkFor(path);
    try {
      let result;
      if (mode === "direct") result = await readInput(path, index, sink, settings, taxonomy);
      else {
        const recorder = new RecordingSink(
          taxonomy,
          sink.leanHost !== undefined,
          (ops: Op[]) => {
            batches++;
            replay(structuredClone(ops), sink);
          },
          batchSize,
        );
        result = await readInput(path, index, recorder, settings, taxonomy);
        recorder.flush();
      }
      report.format = result.format;
      report.records = result.records;
      if (result.classified !== undefined) report.classified = result.classified;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err.message); // refused documents (KnowledgeBase, WAS, API errors): refused alike

    }
  }
  const t = builder.finish();
  return { summary: summarize(t, "average"), rows: [...iterateRows(t, "average")], findings: t.findings?.size ?? 0, batches, errors };
}

describe("recorded and replayed observations", () => {
  it.each([
    [false, 4096],
    [true, 4096],
    [false, 1],
  ])("every example and corpus file, keepDetails %s, batches of %i: the same summary, rows and findings", async (keepDetails, batchSize) => {
    const direct = await triage(INPUTS, "direct", keepDetails, batchSize);
    const replayed = await triage(INPUTS, "replayed", keepDetails, batchSize);
    expect(replayed.summary).toEqual(direct.summary);
    expect(replayed.rows).toEqual(direct.rows);
    expect(replayed.findings).toBe(direct.findings);
    expect(replayed.errors).toEqual(direct.errors);
    expect(direct.summary.totals.ips).toBeGreaterThan(50);
    expect(replayed.batches).toBeGreaterThan(batchSize === 1 ? 100 : INPUTS.length / 2);
  });
});
