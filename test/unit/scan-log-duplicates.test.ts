/** Fixture tests: duplicate IPs in scan logs collapse to one row, and the summary says how. */
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";

interface Row {
  ip: string;
  status: string;
  detail: string;
  duplicates: number;
  decidedBy: string;
  line: number;
}

async function hosts(file: string): Promise<Row[]> {
  const r = await runInProcess("hosts", [file], { format: "json" });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

describe("duplicate IPs", () => {
  it("keep the newest row by time, whatever the row order", async () => {
    const rows = await hosts("test/fixtures/csv/duplicates-timed.csv");
    expect(rows.map((r) => [r.ip, r.status, r.duplicates, r.decidedBy])).toEqual([
      ["10.9.0.1", "NoAnswer", 2, "newest"],
      ["10.9.0.2", "Success", 1, "newest"],
      ["10.9.0.3", "SkippedAsSameAs", 0, "only"],
    ]);
    expect(rows[1]?.detail).toBe("newer");
  });

  it("without times keep the first row read and say so", async () => {
    const rows = await hosts("test/fixtures/csv/duplicates-untimed.csv");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "CredentialFailed", line: 2, duplicates: 2, decidedBy: "first-without-time" });
    const s = JSON.parse((await runInProcess("summarize", ["test/fixtures/csv/duplicates-untimed.csv"], { format: "json" })).stdout);
    expect(s.warnings.join("\n")).toMatch(/2 duplicate observations collapsed into 1 IP.*without times, keeping the first row read/);
    expect(s.inputs[0]).toMatchObject({ records: 3, classified: 3, skipped: 0 });
  });

  it("SkippedAsSameAs is never counted as uncovered", async () => {
    const s = JSON.parse((await runInProcess("summarize", ["test/fixtures/csv/duplicates-timed.csv"], { format: "json" })).stdout);
    expect(s.totals.byCategory).toEqual({ Scanned: 1, "Not Scanned": 1, Skipped: 1 });
  });
});
