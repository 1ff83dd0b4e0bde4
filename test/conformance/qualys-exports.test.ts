/**
 * The four real Qualys exports of ../shared/corpus/qualys-exports give exactly what its README
 * states (expectations written there, independently of this project). Skips without the corpus.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { expectStderrWarningsOf } from "../helpers/stderr.js";

const DIR = resolve(import.meta.dirname, "../../../shared/corpus/qualys-exports");
const present = existsSync(join(DIR, "README.md"));

interface Row {
  ip: string;
  hostname: string | null;
  status: string;
  confirmed: number;
  potential: number;
  info: number;
  securityRisk: number;
}

async function read(file: string): Promise<{ summary: Summary; rows: Row[] }> {
  const path = join(DIR, file);
  const s = await runInProcess("summarize", [path], { format: "json" });
  expect(s.code).toBe(0);
  const summary = JSON.parse(s.stdout) as Summary;
  expectStderrWarningsOf(s.stderr, summary);
  const h = await runInProcess("hosts", [path], { format: "json" });
  expect(h.code).toBe(0);
  return { summary, rows: JSON.parse(h.stdout) as Row[] };
}

const pick = (r: Row) => ({ ip: r.ip, status: r.status, confirmed: r.confirmed, potential: r.potential, info: r.info, securityRisk: r.securityRisk });

describe.skipIf(!present)("real Qualys exports (../shared/corpus/qualys-exports)", () => {
  it("vm_scan_report_ipstatus: 4 IPs, all Success; 6 confirmed severity-5 findings (3 on 10.98.57.180); every host risk 5.0, average 5.0", async () => {
    const { summary, rows } = await read("csv_defectdojo_vm_scan_report_ipstatus.csv");
    expect(summary.inputs[0]?.format).toBe("qualys-report-csv");
    expect(summary.totals.byStatus).toEqual({ Success: 4 });
    expect(summary.risk.severities.confirmed).toEqual([0, 0, 0, 0, 6]);
    expect(summary.risk.averageSecurityRisk).toBe(5);
    expect(rows.map((r) => r.securityRisk)).toEqual([5, 5, 5, 5]);
    expect(rows.find((r) => r.ip === "10.98.57.180")?.confirmed).toBe(3);
  });

  it("vmdr_one_vuln_qid: 1 IP (10.0.0.1, TESTSERVER01), Success; 1 confirmed severity-5 finding, risk 5.0", async () => {
    const { summary, rows } = await read("csv_defectdojo_vmdr_one_vuln_qid.csv");
    expect(summary.inputs[0]?.format).toBe("qualys-vmdr-csv");
    expect(rows.map((r) => ({ ...pick(r), hostname: r.hostname }))).toEqual([
      { ip: "10.0.0.1", hostname: "TESTSERVER01", status: "Success", confirmed: 1, potential: 0, info: 0, securityRisk: 5 },
    ]);
    expect(summary.risk.severities.confirmed).toEqual([0, 0, 0, 0, 1]);
  });

  it("monthly_pci: 1 IP (192.168.0.1), Success (a scanned host with a potential finding); risk 0", async () => {
    const { summary, rows } = await read("csv_defectdojo_monthly_pci.csv");
    expect(summary.inputs[0]?.format).toBe("qualys-pci-csv");
    expect(rows.map(pick)).toEqual([{ ip: "192.168.0.1", status: "Success", confirmed: 0, potential: 1, info: 0, securityRisk: 0 }]);
  });

  it("chronicle json: 1 IP (1.1.1.1), Success; 1 information-gathered finding; target 1.1.1.1 fully scanned", async () => {
    const { summary, rows } = await read("v2json_chronicle_scan_fetch_with_header.json");
    expect(summary.inputs[0]?.format).toBe("qualys-scan-json");
    expect(rows.map(pick)).toEqual([{ ip: "1.1.1.1", status: "Success", confirmed: 0, potential: 0, info: 1, securityRisk: 0 }]);
    expect(summary.totals.byCategory["Not Scanned"]).toBe(0);
  });
});
