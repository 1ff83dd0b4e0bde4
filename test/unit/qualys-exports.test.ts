/**
 * The Qualys exports beyond the XML reports (../shared/spec/qualys-exports.md): VM report, VMDR and
 * PCI finding CSVs, the scan results as JSON and CSV. One fixture per file shape, each with the
 * quirks the spec names; the real samples are checked in test/conformance/qualys-exports.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { allWarnings, expectOneLineRefusal, fixture, hostsByKey, summarizeFixtures } from "./qualys-fixture.js";

const f = (name: string): string => `../qualys-exports/${name}`;

function input(summary: Summary) {
  const i = summary.inputs[0];
  if (!i) throw new Error("no input");
  return i;
}

describe("VM report CSV (qualys-report-csv)", () => {
  it("reads past a preamble and blank lines; hosts are Success unless an authentication QID says otherwise", async () => {
    const s = await summarizeFixtures([f("report-quirks.csv")]);
    expect(input(s)).toMatchObject({ format: "qualys-report-csv", records: 8, classified: 7, skipped: 1 });
    expect(input(s).skippedRows).toEqual([{ line: 13, reason: "no IP address" }]);
    expect(s.totals.byStatus).toEqual({ Success: 3, CredentialFailed: 1 });
    const warnings = allWarnings(s).join("\n");
    expect(warnings).toContain("2 lines above the header (line 4) skipped");
    expect(warnings).toContain("2 lines empty or blank, ignored (first at line 3)");
    expect(warnings).toMatch(/1 row has no finding type the tool knows \(.*; empty, first at line 12\)/);
    // Coverage: QID 45017 is there (on 10.1.0.4), 82023 only on the row without an address.
    const codes = s.diagnostics.map((d) => d.code);
    expect(codes).toContain("qualys.noServiceQids");
    expect(codes).not.toContain("qualys.noOsQid");
  });

  it("Fixed rows do not count; a host with only Fixed findings is scanned, risk 0, and among the active hosts", async () => {
    const hosts = await hostsByKey([f("report-quirks.csv")]);
    expect(hosts.get("10.1.0.3")).toMatchObject({ status: "Success", securityRisk: 0, confirmed: 0 });
    // 10.1.0.1: Active sev 2 + New sev 4 confirmed, the Re-Opened one is potential.
    expect(hosts.get("10.1.0.1")).toMatchObject({ status: "Success", confirmed: 2, potential: 1, securityRisk: 3, hostname: "web1.example.com", os: "Linux 4.x" });
    // The NetBIOS name stands in for a missing DNS name.
    expect(hosts.get("10.1.0.2")).toMatchObject({ status: "CredentialFailed", hostname: "FILE2", detail: "QID 105015: Windows Authentication Failed" });
    const s = await summarizeFixtures([f("report-quirks.csv")]);
    expect(s.risk.activeHosts).toBe(4);
    expect(s.risk.averageSecurityRisk).toBe(1.5); // (3 + 3 + 0 + 0) / 4
  });

  it("states its vulnerability statuses: New / Active / Re-Opened / Fixed counted in the summary", async () => {
    const s = await summarizeFixtures([f("report-quirks.csv")]);
    expect(s.risk.vulnStatuses).toEqual({ new: 1, active: 4, reopened: 1, fixed: 1 });
    expect(input(s).vulnStatuses).toEqual(s.risk.vulnStatuses);
    const table = await runInProcess("summarize", [fixture(f("report-quirks.csv"))], {});
    expect(table.stdout).toContain("Vulnerability status (as the reports state it): 1 new, 4 active, 1 re-opened, 1 fixed");
  });

  it("a header with no rows is a legitimately empty report: a warning, not a refusal", async () => {
    const r = await runInProcess("summarize", [fixture(f("report-header-only.csv"))], { format: "json" });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(input(s)).toMatchObject({ format: "qualys-report-csv", records: 0 });
    expect(input(s).warnings).toContain("a header but no findings: no host is listed (a report with nothing to show?)");
    // ...and a gate cannot pass on it.
    const gated = await runInProcess("summarize", [fixture(f("report-header-only.csv"))], { format: "json", maxNotScanned: "0" });
    expect(gated.code).not.toBe(0);
  });
});

describe("VMDR Asset Vuln Datalist CSV (qualys-vmdr-csv)", () => {
  it("keys an asset by IPv4 when it has both addresses, by IPv6 otherwise; Asset Name is the hostname", async () => {
    const hosts = await hostsByKey([f("vmdr-quirks.csv")]);
    expect([...hosts.keys()].sort()).toEqual(["10.2.0.1", "10.2.0.3", "2001:db8::2"]);
    expect(hosts.get("10.2.0.1")).toMatchObject({ hostname: "DUALSTACK01", confirmed: 1, potential: 1, securityRisk: 5 });
    expect(hosts.get("2001:db8::2")).toMatchObject({ hostname: "V6ONLY", status: "CredentialFailed", info: 1 });
    expect(hosts.get("10.2.0.3")).toMatchObject({ hostname: "FIXEDONLY", status: "Success", securityRisk: 0 });
  });

  it("reads Type Detected and the upper-case Status values", async () => {
    const s = await summarizeFixtures([f("vmdr-quirks.csv")]);
    expect(s.risk.vulnStatuses).toEqual({ new: 1, active: 1, reopened: 1, fixed: 1 });
    expect(s.risk.severities.confirmed).toEqual([0, 0, 0, 0, 1]);
    expect(s.risk.severities.potential).toEqual([0, 1, 0, 0, 0]);
  });
});

describe("PCI / HackerGuardian CSV (qualys-pci-csv)", () => {
  it("RESULT is evidence, never a status; Q_SEVERITY is the level; VULN and CONFIRMED are both confirmed", async () => {
    const hosts = await hostsByKey([f("pci-types.csv")]);
    expect(hosts.get("192.168.5.1")).toMatchObject({ status: "Success", confirmed: 1, potential: 1, securityRisk: 3, hostname: "shop.example.com" });
    expect(hosts.get("192.168.5.2")).toMatchObject({ status: "Success", confirmed: 1, securityRisk: 4 });
    const s = await summarizeFixtures([f("pci-types.csv")]);
    expect(input(s).format).toBe("qualys-pci-csv");
    expect(s.risk.vulnStatuses).toBeNull();
  });
});

describe("scan results JSON (qualys-scan-json)", () => {
  it("target minus scanned minus appendix minus excluded, as for SCAN XML", async () => {
    const hosts = await hostsByKey([f("scan-results.json")]);
    const status = (ip: string) => hosts.get(ip)?.status;
    expect(status("10.5.0.1")).toBe("Success");
    expect(status("10.5.0.2")).toBe("CredentialFailed");
    expect(["10.5.0.3", "10.5.0.4", "10.5.0.5", "10.5.1.2"].map(status)).toEqual(["NoAnswer", "NoAnswer", "NoAnswer", "NoAnswer"]);
    expect(hosts.get("10.5.0.3")?.detail).toBe("appendix: hosts_not_scanned_host_not_alive_ip");
    expect(status("10.5.0.6")).toBe("Aborted");
    expect(status("10.5.0.7")).toBe("Success"); // no vulnerabilities match the filters: scanned
    expect(status("10.5.0.9")).toBe("SkippedAsExcluded");
    // In the target, no results, no appendix entry the tool knows: not answering.
    expect(hosts.get("10.5.0.8")).toMatchObject({ status: "NoAnswer", detail: "in ips, no results in the scan" });
    expect(hosts.get("name:printer.example.com")?.status).toBe("NoAnswer");
    expect(hosts.size).toBe(15); // 10.5.0.1-10 and 10.5.1.0/30 and a hostname
  });

  it("an unknown appendix key is a warning naming it, not dropped silently; a finding without type is not confirmed", async () => {
    const s = await summarizeFixtures([f("scan-results.json")]);
    const warnings = allWarnings(s).join("\n");
    expect(warnings).toContain('appendix "hosts_not_scanned_because_of_a_new_reason_ip" is not one this tool knows');
    // active_hosts (4) counts the host listed with no vulnerabilities matching the filters.
    expect(s.diagnostics.map((d) => d.code)).not.toContain("qualys.aliveCountDiffers");
    expect(input(s)).toMatchObject({ records: 15, skipped: 1 });
    expect(s.risk.severities.confirmed).toEqual([0, 0, 1, 1, 0]);
    expect(s.risk.vulnStatuses).toBeNull();
  });

  it("a scan that did not finish: its targets without results are Aborted", async () => {
    const hosts = await hostsByKey([f("scan-canceled.json")]);
    expect(hosts.get("10.6.0.1")?.status).toBe("Success");
    expect(["10.6.0.2", "10.6.0.3", "10.6.0.4"].map((ip) => hosts.get(ip)?.status)).toEqual(["Aborted", "Aborted", "Aborted"]);
  });

  it.each([
    ["truncated.json", 3, "the file ends inside an element (cut off?)"],
    ["missing-comma.json", 3, 'expected "," or "]" between elements, found "{"'],
    ["object.json", null, "a JSON object, not a format this tool reads"],
    ["not-scan-results.json", null, "JSON, but not Qualys scan results"],
    ["empty-array.json", null, "an empty JSON array, not scan results"],
  ])("%s: one line naming the file, exit 2", async (name, line, text) => {
    const path = fixture(f(name));
    const r = await runInProcess("summarize", [path], { format: "json" });
    const refusal = expectOneLineRefusal(r);
    expect(refusal).toContain(line === null ? `${path}: ` : `${path}:${line}: `);
    expect(refusal).toContain(text);
  });
});

describe("scan results CSV (qualys-scan-csv)", () => {
  it("header block, findings and appendix (label and IPs on one row, or the IPs on the next)", async () => {
    const hosts = await hostsByKey([f("scan-results.csv")]);
    expect(hosts.get("10.8.0.1")).toMatchObject({ status: "Success", confirmed: 1, securityRisk: 5, hostname: "db.example.com" });
    expect(hosts.get("10.8.0.2")?.status).toBe("CredentialFailed");
    expect(["10.8.0.3", "10.8.0.4", "10.8.0.5"].map((ip) => hosts.get(ip)?.status)).toEqual(["NoAnswer", "NoAnswer", "NoAnswer"]);
    expect(hosts.get("10.8.0.6")).toMatchObject({ status: "Aborted", detail: "appendix: Host not scanned, scan canceled by user (IP)" });
    expect(hosts.get("10.8.0.7")?.status).toBe("Aborted");
    expect(hosts.get("10.8.0.8")?.status).toBe("SkippedAsExcluded");
    expect(hosts.size).toBe(8);
  });

  it("is told apart from a report CSV by its header block", async () => {
    const s = await summarizeFixtures([f("scan-results.csv")]);
    expect(input(s)).toMatchObject({ format: "qualys-scan-csv", records: 3, classified: 3, skipped: 0 });
  });
});

describe("the scan summary with the same scan's results (JSON)", () => {
  it("gives a target without results its reason; a host with results stays as the results say", async () => {
    const hosts = await hostsByKey([f("scan-results.json"), f("scan-summary-for-json.xml")]);
    expect(hosts.get("10.5.0.8")).toMatchObject({ status: "NoConnection", detail: 'scan summary: category "blocked" (scan/1764500000.12345)' });
    expect(hosts.get("10.5.0.10")?.status).toBe("NoAnswer");
    expect(hosts.get("10.5.0.10")?.detail).toContain("scan summary");
    expect(hosts.get("10.5.0.1")).toMatchObject({ status: "Success", confirmed: 1 });
  });
});

describe("huge fields", () => {
  const dir = mkdtempSync(join(tmpdir(), "scantriage-huge-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a JSON element over 16 MB (a string never closed): one line naming the file and the element's line, exit 2", async () => {
    const path = join(dir, "huge.json");
    writeFileSync(path, `[\n{"status": "Finished", "ips": "10.9.0.1"},\n{"ip": "10.9.0.1", "qid": 1, "results": "${"x".repeat(17 * 1024 * 1024)}`);
    const refusal = expectOneLineRefusal(await runInProcess("summarize", [path], { format: "json" }));
    expect(refusal).toBe(`scantriage: error: ${path}:3: an element longer than 16777216 bytes (a string not closed?)`);
  });

  it("a report CSV whose quote never closes: one line naming the file and the line, exit 2", async () => {
    const path = join(dir, "huge.csv");
    writeFileSync(path, `"IP","QID","Title","Type","Severity","Results"\n"10.9.0.1","38739","SSH","Vuln","3","${"x".repeat(5 * 1024 * 1024)}\n`);
    const refusal = expectOneLineRefusal(await runInProcess("summarize", [path], { format: "json" }));
    expect(refusal).toMatch(new RegExp(`^scantriage: error: ${path}:2: a record starting on this line is longer than`));
  });
});

describe("--input-format names every format", () => {
  it("a format forced on a file of another shape is refused with what was expected", async () => {
    const path = fixture(f("pci-types.csv"));
    const r = await runInProcess("summarize", [path], { format: "json", inputFormat: "qualys-vmdr-csv" });
    const refusal = expectOneLineRefusal(r);
    expect(refusal).toContain(`${path}: not a VMDR Asset Vuln Datalist CSV: no header row naming the columns Asset IPV4 or Asset IPV6, QID, Title`);
  });
});
