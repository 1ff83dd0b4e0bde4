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
  it.each([
    ["unsupported-knowledge-base.xml", "KNOWLEDGE_BASE_VULN_LIST_OUTPUT", "KnowledgeBase"],
    ["unsupported-scan-list.xml", "SCAN_LIST_OUTPUT", "scan list"],
    ["unsupported-foo.xml", "FOO", "not a supported document"],
  ])("%s is refused, naming its root element", async (name, root, what) => {
    const line = await refusal(name);
    expect(line).toContain(fixture(name));
    expect(line).toContain(`<${root}>`);
    expect(line).toContain(what);
    expect(line).toContain("<SCAN>");
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
    ["finding-export-pci.csv", 1],
    ["finding-export-vm-report.csv", null],
    ["finding-export-vmdr.csv", null],
  ])("%s is refused as a finding export (its RESULT / Status column is not a scan status)", async (name, line) => {
    const path = resolve(import.meta.dirname, "../fixtures/csv", name);
    const r = await runInProcess("summarize", [path], { format: "json" });
    const text = expectOneLineRefusal(r);
    expect(text).toContain(line === null ? `${path}: ` : `${path}:${line}: `);
    expect(text).toContain("a Qualys finding export");
  });
});
