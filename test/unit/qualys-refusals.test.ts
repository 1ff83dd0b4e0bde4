/**
 * Documents that must be refused with exit 2 and one clear stderr line: cut off or malformed XML
 * (naming file and line), roots that are not host scans (naming the root), API error answers
 * (quoting their text), and a forced --input-format that contradicts the document.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";
import { expectOneLineRefusal, fixture } from "./qualys-fixture.js";

async function refusal(name: string, inputFormat?: string): Promise<string> {
  const r = await runInProcess("summarize", [fixture(name)], { format: "json", ...(inputFormat ? { inputFormat } : {}) });
  return expectOneLineRefusal(r);
}

describe("cut off or malformed documents", () => {
  it("a document cut off mid-host names the file and the line where it ends", async () => {
    const line = await refusal("error-truncated.xml");
    expect(line).toMatch(new RegExp(`^scantriage: error: ${fixture("error-truncated.xml")}:39: `));
    expect(line).toContain("the file is cut off");
  });

  it("a mismatched end tag names the file and the line of the end tag", async () => {
    const line = await refusal("error-mismatched-end-tag.xml");
    expect(line).toMatch(new RegExp(`^scantriage: error: ${fixture("error-mismatched-end-tag.xml")}:14: `));
    expect(line).toContain("</INFO> does not match <VULN> opened at line 12");
  });

  it("with a good input beside it, still exit 2, one line for the bad input only", async () => {
    const r = await runInProcess("hosts", [fixture("status-success.xml"), fixture("error-truncated.xml")], { format: "json" });
    const line = expectOneLineRefusal(r);
    expect(line).toContain("error-truncated.xml:39:");
  });

  it("one line per problem when several inputs are bad", async () => {
    const r = await runInProcess("summarize", [fixture("error-truncated.xml"), fixture("unsupported-foo.xml")], { format: "json" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("error-truncated.xml:39:");
    expect(lines[1]).toContain("<FOO>");
  });
});

describe("documents that are not host scans", () => {
  const DETECTIONS = "download the host list detection instead (/api/2.0/fo/asset/host/vm/detection/, <HOST_LIST_VM_DETECTION_OUTPUT>)";
  const SCAN_RESULTS = "fetch one scan's results instead (/api/2.0/fo/scan/?action=fetch, XML or JSON) or its scan summary (/api/2.0/fo/scan/summary/)";

  it.each([
    ["unsupported-knowledge-base.xml", "KNOWLEDGE_BASE_VULN_LIST_OUTPUT", "a Qualys KnowledgeBase list (vulnerability descriptions, no hosts)"],
    ["unsupported-scan-list.xml", "SCAN_LIST_OUTPUT", `a Qualys scan list (the scans launched, not their results): ${SCAN_RESULTS}`],
    ["unsupported-host-list.xml", "HOST_LIST_OUTPUT", `a Qualys host list without detections: ${DETECTIONS}`],
    ["unsupported-qps-service-response.xml", "ServiceResponse", `a Qualys Portal (QPS) REST API answer, such as an asset or host asset search: ${DETECTIONS}`],
    ["unsupported-was-scan-report.xml", "WAS_SCAN_REPORT", "a Qualys web application scan (WAS) document: web applications, not a host scan"],
    ["unsupported-was-webapp-report.xml", "WAS_WEBAPP_REPORT", "a Qualys web application scan (WAS) document: web applications, not a host scan"],
    ["unsupported-report-list.xml", "REPORT_LIST_OUTPUT", "a Qualys report list: download the report itself as XML (/api/2.0/fo/report/?action=fetch)"],
    ["unsupported-asset-group-list.xml", "ASSET_GROUP_LIST_OUTPUT", `a Qualys asset group list, not scan results: ${SCAN_RESULTS}`],
    ["unsupported-ip-list.xml", "IP_LIST_OUTPUT", `a Qualys list of the subscription's IPs, not scan results: ${SCAN_RESULTS}`],
    ["unsupported-other-output.xml", "SCHEDULE_SCAN_LIST_OUTPUT", `a Qualys API answer that is not scan results: ${SCAN_RESULTS}`],
  ])("%s is refused, naming its root element, what it is and what to download instead", async (name, root, what) => {
    const line = await refusal(name);
    expect(line).toBe(`scantriage: error: ${fixture(name)}: root element <${root}> is ${what}`);
  });

  it("an unknown root is refused with the XML documents that are read", async () => {
    const line = await refusal("unsupported-foo.xml");
    expect(line).toContain(`${fixture("unsupported-foo.xml")}: root element <FOO> is not a supported document; the XML documents read are `);
    expect(line).toContain("<SCAN> (scan results)");
    expect(line).toContain("<SCAN_SUMMARY_OUTPUT>");
  });

  it("a SIMPLE_RETURN without XML declaration is refused, quoting its code and text", async () => {
    const line = await refusal("unsupported-simple-return.xml");
    expect(line).toContain("<SIMPLE_RETURN>");
    expect(line).toContain("1960");
    expect(line).toContain('"This API cannot be run again for another 23 minutes and 12 seconds."');
  });
});

describe("--input-format that contradicts the document", () => {
  it("qualys-scan given for an asset report: exit 2 naming the option, the root and what it is", async () => {
    const line = await refusal("risk-stated-matches.xml", "qualys-scan");
    expect(line).toContain(fixture("risk-stated-matches.xml"));
    expect(line).toContain("--input-format qualys-scan");
    expect(line).toContain("<ASSET_DATA_REPORT>");
    expect(line).toContain("qualys-asset-report");
  });

  it("the matching format is accepted", async () => {
    const r = await runInProcess("summarize", [fixture("risk-stated-matches.xml")], { format: "json", inputFormat: "qualys-asset-report" });
    expect(r.code).toBe(0);
  });
});

describe("inputs that cannot have been a real scan result", () => {
  it("a SCAN holding only an ERROR (bad option profile) is exit 2 quoting the error, not a pass with 0 IPs", async () => {
    const line = await refusal("unsupported-scan-error-only.xml");
    expect(line).toContain(fixture("unsupported-scan-error-only.xml"));
    expect(line).toContain("19001");
    expect(line).toContain(`Invalid value for 'option' parameter`);
  });

  it("a SCAN with a header and an ERROR (no host alive) is a real scan: read, not refused", async () => {
    const r = await runInProcess("summarize", [fixture("status-no-host-alive.xml")], { format: "json" });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { totals: { ips: number } }).totals.ips).toBe(3);
  });
});

describe("Qualys finding exports are never read as scan logs", () => {
  it.each([
    ["finding-export-pci.csv", "qualys-pci-csv"],
    ["finding-export-vm-report.csv", "qualys-report-csv"],
    ["finding-export-vmdr.csv", "qualys-vmdr-csv"],
  ])("%s is read as %s: its RESULT / Status column is not a scan status", async (name, format) => {
    const path = resolve(import.meta.dirname, "../fixtures/csv", name);
    const r = await runInProcess("summarize", [path], { format: "json" });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { inputs: { format: string }[]; totals: { byStatus: Record<string, number> } };
    expect(summary.inputs[0]?.format).toBe(format);
    // Scanned hosts with findings: Success, whatever a RESULT or Status cell says.
    expect(Object.keys(summary.totals.byStatus)).toEqual(["Success"]);
  });

  it("a Qualys activity log is refused as what it is, not as 'not a scan log'", async () => {
    const path = resolve(import.meta.dirname, "../fixtures/csv/qualys-activity-log.csv");
    const r = await runInProcess("summarize", [path], { format: "json" });
    expect(expectOneLineRefusal(r)).toBe(
      `scantriage: error: ${path}: a Qualys activity log (who did what in the subscription), not scan results: download the scan results (XML, JSON or CSV) instead`,
    );
  });

  it("a KnowledgeBase CSV is refused as what it is", async () => {
    const path = resolve(import.meta.dirname, "../fixtures/csv/qualys-knowledge-base.csv");
    const r = await runInProcess("summarize", [path], { format: "json" });
    expect(expectOneLineRefusal(r)).toContain(`${path}: a Qualys KnowledgeBase export (vulnerability descriptions, no hosts)`);
  });

  it("a header naming QID and title but no IP column is refused as a finding export without addresses", async () => {
    const path = resolve(import.meta.dirname, "../fixtures/csv/finding-export-no-ip.csv");
    const r = await runInProcess("summarize", [path], { format: "json" });
    const text = expectOneLineRefusal(r);
    expect(text).toContain(`${path}: a Qualys finding export`);
    expect(text).toContain("no IP column");
  });
});
