/**
 * Nothing lost silently: every row of an input is either classified or skipped with its line and
 * reason, and the summary prints Read = Classified + Skipped in every format.
 *
 * Guards the skip path of the CSV reader (rowToHost outcomes reported to sink.skip, counted in
 * TriageBuilder, listed by summarize) and the Inputs section of the renderers. A reader that
 * dropped a row without a skip, or a summary that stopped printing the counts, fails here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.js";
import { readScanLog } from "../../src/formats/scan-log-csv/read-scan-log.js";
import type { ObservationSink } from "../../src/formats/reader.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { removeTempDirs, tempDir } from "../fixtures/hostile/harness.js";

afterAll(removeTempDirs);

/**
 * 14 physical lines: a title line, blank lines (one only delimiters), 8 data rows of which 5 are
 * skipped (bad target, too few columns, placeholder target, repeated header, footer), and one row
 * whose quoted message spans two lines.
 */
const FIXTURE = "test/fixtures/hostile/accounting.csv";
const EXPECTED_SKIPS = [
  { line: 7, code: "csv.skip.badTarget" },
  { line: 8, code: "csv.skip.missingColumns" },
  { line: 9, code: "csv.skip.emptyTarget" },
  { line: 10, code: "csv.skip.repeatedHeader" },
  { line: 14, code: "csv.skip.footer" },
];

interface InputSummaryJson {
  path: string;
  records: number;
  classified: number;
  skipped: number;
  skippedRows: { line: number; reason: string }[];
}

async function summaryInputs(path: string): Promise<InputSummaryJson[]> {
  const r = await runInProcess("summarize", [path], { format: "json" });
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { inputs: InputSummaryJson[] }).inputs;
}

describe("every CSV line is accounted for", () => {
  it("reader level: rows are hosts or skips with line and reason; title and blank lines are counted", async () => {
    const hosts: number[] = [];
    const skips: { line: number; code: string }[] = [];
    const warnings: Message[] = [];
    const sink: ObservationSink = {
      host: (o) => void hosts.push(o.line),
      range: () => undefined,
      hostnameTarget: () => undefined,
      statedAverageRisk: () => undefined,
      detectionPage: () => undefined,
      warn: (m) => void warnings.push(m),
      skip: (line, m) => void skips.push({ line, code: m.code }),
    };
    async function* bytes(): AsyncGenerator<Buffer> {
      yield readFileSync(FIXTURE);
    }
    const result = await readScanLog(bytes(), { path: FIXTURE, input: 0, taxonomy: new Taxonomy(), sink });
    expect(hosts).toEqual([4, 5, 11]);
    expect(skips).toEqual(EXPECTED_SKIPS);
    expect(result.records).toBe(hosts.length + skips.length);
    expect(warnings).toEqual(
      expect.arrayContaining([
        { code: "csv.titleLines", args: { count: 1, headerLine: 3 } },
        { code: "csv.emptyLines", args: { count: 3, firstLine: 2 } },
      ]),
    );
    // 8 rows (one spanning 2 lines) + header + title + 3 blank = all 14 physical lines.
    const physical = readFileSync(FIXTURE, "utf8").trimEnd().split("\n").length;
    expect(result.records + 1 + 1 + 1 + 3).toBe(physical);
  });

  it("summarize --json: records = classified + skipped, skipped rows carry their lines", async () => {
    const [input] = await summaryInputs(FIXTURE);
    expect(input).toMatchObject({ path: FIXTURE, records: 8, classified: 3, skipped: 5 });
    expect(input?.records).toBe((input?.classified ?? 0) + (input?.skipped ?? 0));
    expect(input?.skippedRows.map((s) => s.line)).toEqual(EXPECTED_SKIPS.map((s) => s.line));
    for (const s of input?.skippedRows ?? []) expect(s.reason).not.toBe("");
  });

  it("the table prints Read / Classified / Skipped and lists the skipped lines", async () => {
    const r = await runInProcess("summarize", [FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│\s*Read\s*│\s*Classified\s*│\s*Skipped\s*│/);
    expect(r.stdout).toMatch(/accounting\.csv\s*│\s*scan-log-csv\s*│\s*8\s*│\s*3\s*│\s*5\s*│/);
    for (const { line } of EXPECTED_SKIPS) expect(r.stdout).toContain(`line ${line}: `);
  });

  it("markdown and CSV print the same counts", async () => {
    const md = await runInProcess("summarize", [FIXTURE], { format: "markdown" });
    expect(md.stdout).toMatch(/\|\s*Read\s*\|\s*Classified\s*\|\s*Skipped\s*\|/);
    expect(md.stdout).toMatch(/accounting\.csv\s*\|\s*scan-log-csv\s*\|\s*8\s*\|\s*3\s*\|\s*5\s*\|/);
    const csv = await runInProcess("summarize", [FIXTURE], { format: "csv" });
    expect(csv.stdout).toContain(`input,${FIXTURE},8\n`);
    expect(csv.stdout).toContain(`classified,${FIXTURE},3\n`);
    expect(csv.stdout).toContain(`skipped,${FIXTURE},5\n`);
  });

  it("many bad rows: all counted, even beyond the ones listed", async () => {
    const dir = tempDir("scantriage-accounting-");
    const path = join(dir, "many-bad.csv");
    const lines = ["IP,Status,Message"];
    for (let i = 0; i < 300; i++) {
      if (i % 5 === 0) lines.push(`bad target ${i}!,Success,x`);
      else if (i % 7 === 0) lines.push("");
      else lines.push(`10.2.${i >> 8}.${i & 255},NoAnswer,no answer`);
    }
    writeFileSync(path, `${lines.join("\n")}\n`);
    const bad = 60;
    const blank = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 5 !== 0 && i % 7 === 0).length;
    const [input] = await summaryInputs(path);
    expect(input).toMatchObject({ records: 300 - blank, skipped: bad, classified: 300 - blank - bad });
    expect(input?.skippedRows.length).toBeGreaterThan(0);
    expect(input?.skippedRows.length).toBeLessThanOrEqual(bad);
    const table = await runInProcess("summarize", [path]);
    expect(table.stdout).toMatch(new RegExp(`│\\s*${300 - blank}\\s*│\\s*${300 - blank - bad}\\s*│\\s*${bad}\\s*│`));
    expect(table.stdout).toMatch(/and \d+ more/);
  });
});

describe("every Qualys host element is accounted for", () => {
  const scanWithBadHost = `<?xml version="1.0"?>
<SCAN value="scan/1"><HEADER><KEY value="TARGET">10.3.0.1-10.3.0.2</KEY><KEY value="STATUS">FINISHED</KEY></HEADER>
<IP value="10.3.0.1" name="good"/>
<IP value="not-an-address" name=""/>
</SCAN>
`;

  const detectionsWithBadHost = `<?xml version="1.0"?>
<HOST_LIST_VM_DETECTION_OUTPUT><RESPONSE><DATETIME>2024-11-24T10:15:09Z</DATETIME><HOST_LIST>
<HOST><ID>1</ID><IP>10.4.0.1</IP></HOST>
<HOST><ID>2</ID></HOST>
</HOST_LIST></RESPONSE></HOST_LIST_VM_DETECTION_OUTPUT>
`;
  const write = (name: string, text: string): string => {
    const path = join(tempDir("scantriage-accounting-"), name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ["SCAN", () => write("scan.xml", scanWithBadHost)],
    ["HOST_LIST_VM_DETECTION_OUTPUT", () => write("detections.xml", detectionsWithBadHost)],
  ])("%s: the host element without an address is listed with its line", async (_root, file) => {
    const [input] = await summaryInputs(file());
    expect(input).toMatchObject({ classified: 1, skipped: 1 });
    expect(input?.skippedRows.map((s) => s.line)).toEqual([4]);
  });

  // Was a bug (found by these tests): scan-reader.ts (openHost) and detections-reader.ts (emitHost) count `records` only
  // for hosts they keep, so a skipped host element prints Read 1, Classified 1, Skipped 1. Remove
  // .fails once fixed (count the element in the skip branch too, as asset-report-reader.ts does).
  it.each([
    ["SCAN", () => write("scan.xml", scanWithBadHost)],
    ["HOST_LIST_VM_DETECTION_OUTPUT", () => write("detections.xml", detectionsWithBadHost)],
  ])("%s: records = classified + skipped with a skipped host", async (_root, file) => {
    const [input] = await summaryInputs(file());
    expect(input?.records).toBe((input?.classified ?? 0) + (input?.skipped ?? 0));
  });
});
