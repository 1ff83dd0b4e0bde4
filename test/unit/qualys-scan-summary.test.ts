/**
 * The Qualys Scan Summary (SCAN_SUMMARY_OUTPUT): which hosts were not scanned and why, alone and
 * beside the same scan's results. Calls the core (triageInputs) on files of
 * test/fixtures/qualys/scan-summary.
 */
import { describe, expect, it } from "vitest";
import { iterateRows, type HostRow } from "../../src/aggregate/host-row.js";
import type { Summary } from "../../src/aggregate/summarize.js";
import type { Triage } from "../../src/aggregate/triage.js";
import { INPUT_FORMAT_CHOICES } from "../../src/formats/input-formats.js";
import { triageInputs, type TriageRequest } from "../../src/pipeline/triage-inputs.js";
import { fixture } from "./qualys-fixture.js";

const path = (name: string) => fixture(`scan-summary/${name}`);

async function triage(names: string[], request: Partial<TriageRequest> = {}): Promise<{ summary: Summary; triage: Triage; rows: Map<string, HostRow> }> {
  const outcome = await triageInputs({ inputs: names.map(path), keepDetails: true, ...request });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("\n"));
  const rows = [...iterateRows(outcome.triage, "average")];
  return { summary: outcome.summary, triage: outcome.triage, rows: new Map(rows.map((r) => [r.ip ?? `name:${r.hostname ?? ""}`, r])) };
}

async function refusal(names: string[], request: Partial<TriageRequest> = {}): Promise<string[]> {
  const outcome = await triageInputs({ inputs: names.map(path), ...request });
  if (outcome.ok) throw new Error("expected a refusal");
  return outcome.errors.map((e) => e.message);
}

function codes(summary: Summary): string[] {
  return summary.diagnostics.filter((d) => d.severity === "warning").map((d) => d.code);
}

describe("categories", () => {
  it.each([
    ["10.70.0.1", "dead", "NoAnswer"],
    ["10.70.0.2", "unresolved", "NoAnswer"],
    ["10.70.0.3", "excluded", "SkippedAsExcluded"],
    ["10.70.0.4", "duplicate", "SkippedAsSameAs"],
    ["10.70.0.5", "cancelled", "Aborted"],
    ["10.70.0.6", "canceled", "Aborted"],
    ["10.70.0.7", "aborted", "Aborted"],
    ["10.70.0.8", "exceeded_scan_duration", "Aborted"],
    ["10.70.0.9", "Exceeded-Scan Duration", "Aborted"],
    ["10.70.0.10", "blocked", "NoConnection"],
    ["10.70.0.11", "failed_slice", "ScanFailure"],
    ["10.70.0.12", "notvuln", "Success"],
    ["10.70.0.13", "not_vulnerable", "Success"],
    ["10.70.0.14", "scanned", "Success"],
    ["10.70.0.15", "DEAD", "NoAnswer"],
    ["name:gone.corp.example", "unresolved", "NoAnswer"],
  ])("%s: category %j is %s, with the category and scan in the detail", async (key, category, status) => {
    const { rows } = await triage(["categories.xml"]);
    const row = rows.get(key);
    expect(row).toMatchObject({ status, recognized: true, evidence: "inferred", source: path("categories.xml") });
    expect(row?.detail).toBe(`scan summary: category "${category}" (scan/1732068000.70001)`);
  });

  it("an unknown category is kept as written and listed as unrecognised", async () => {
    const { rows, summary } = await triage(["categories.xml"]);
    expect(rows.get("10.70.0.16")).toMatchObject({ status: "quarantined", rawStatus: "quarantined", recognized: false, category: "Not Scanned", responsible: "ServiceProvider" });
    expect(summary.unrecognizedStatuses).toEqual({ quarantined: 1 });
    expect(codes(summary)).toContain("triage.unrecognizedStatuses");
  });

  it("a summary alone: every listed target counted under its status, SCAN_DATE as its time, no risk", async () => {
    const { summary, triage: t } = await triage(["categories.xml"]);
    expect(summary.inputs).toEqual([
      expect.objectContaining({ format: "qualys-scan-summary", records: 17, classified: 17, skipped: 0, warnings: [] }),
    ]);
    expect(summary.totals.ips).toBe(17);
    expect(summary.totals.byStatus).toEqual({
      Aborted: 5,
      NoAnswer: 4,
      Success: 3,
      NoConnection: 1,
      ScanFailure: 1,
      SkippedAsExcluded: 1,
      SkippedAsSameAs: 1,
      quarantined: 1,
    });
    expect(t.segments[0]?.owner.time).toBe(Date.parse("2024-11-20T02:00:00Z"));
    // It lists hosts, not their findings: no security risk can come from it.
    expect(summary.diagnostics.map((d) => d.code)).toContain("triage.noRiskData");
  });
});

describe("the text of one entry", () => {
  it("a comma-separated list of an address, a range and a CIDR block; a bad token warned; an entry with nothing usable skipped", async () => {
    const { rows, summary } = await triage(["lists.xml"]);
    expect([...rows.values()].map((r) => `${r.ip} ${r.status}`)).toEqual([
      "10.71.0.1 NoAnswer",
      "10.71.0.5 NoAnswer",
      "10.71.0.6 NoAnswer",
      "10.71.0.7 NoAnswer",
      "10.71.1.0 NoAnswer",
      "10.71.1.1 NoAnswer",
      "10.71.1.2 NoAnswer",
      "10.71.1.3 NoAnswer",
      "10.71.2.1 SkippedAsExcluded",
      "10.71.2.2 SkippedAsExcluded",
    ]);
    const [input] = summary.inputs;
    expect(input).toMatchObject({ records: 3, classified: 2, skipped: 1 });
    expect(input?.warnings).toEqual(['target entry "10.71.0.999" is neither an address, a range, a CIDR block nor a hostname; ignored']);
    expect(input?.skippedRows).toEqual([{ line: 10, reason: "host element without a usable IP address or name (!!!); not counted" }]);
  });
});

describe("several scans in one summary", () => {
  it("every SCAN_SUMMARY is read; where two disagree the newer SCAN_DATE wins, whatever the order in the file", async () => {
    const { rows } = await triage(["two-scans.xml"]);
    expect(rows.get("10.72.0.1")).toMatchObject({ status: "NoConnection", detail: 'scan summary: category "blocked" (scan/1731636000.72002)' });
    expect(rows.get("10.72.0.2")).toMatchObject({ status: "NoAnswer", detail: 'scan summary: category "dead" (scan/1730426400.72001)' });
  });
});

describe("beside the same scan's results", () => {
  const INPUTS = ["same-scan-results.xml", "same-scan-summary.xml"];

  it.each([INPUTS, [...INPUTS].reverse()])("the scanned host stays Success; the summary says why the others were not scanned (%j)", async (...names) => {
    const { rows, summary } = await triage(names);
    expect([...rows.values()].map((r) => [r.ip, r.status, r.detail])).toEqual([
      ["10.73.0.1", "Success", null],
      ["10.73.0.2", "NoAnswer", 'scan summary: category "dead" (scan/1732068000.73001)'],
      ["10.73.0.3", "SkippedAsExcluded", 'scan summary: category "excluded" (scan/1732068000.73001)'],
      ["10.73.0.4", "NoConnection", 'scan summary: category "blocked" (scan/1732068000.73001)'],
      // Not in the summary: the scan's own "no results" stands.
      ["10.73.0.5", "NoAnswer", "in TARGET, no results in the scan"],
      ["10.73.0.6", "NoAnswer", "in TARGET, no results in the scan"],
    ]);
    expect(rows.get("10.73.0.1")).toMatchObject({ evidence: "direct", source: path("same-scan-results.xml"), findings: expect.objectContaining({ confirmed: 1 }) });
    expect(summary.totals).toMatchObject({ ips: 6, byStatus: { NoAnswer: 3, Success: 1, SkippedAsExcluded: 1, NoConnection: 1 } });
    expect(summary.inputs.map((i) => i.format)).toEqual(names.map((n) => (n === "same-scan-results.xml" ? "qualys-scan" : "qualys-scan-summary")));
    expect(codes(summary)).toEqual([]);
  });
});

describe("empty answers", () => {
  it.each(["empty-list.xml", "empty-response.xml"])("%s alone: nothing to triage, said as a warning", async (name) => {
    const { summary } = await triage([name]);
    expect(summary.totals.ips).toBe(0);
    expect(summary.inputs[0]).toMatchObject({ format: "qualys-scan-summary", records: 0 });
    expect(codes(summary)).toEqual(["triage.nothingToTriage"]);
  });

  it("beside another input, the empty summary is named as holding nothing", async () => {
    const { summary } = await triage(["same-scan-results.xml", "empty-list.xml"]);
    expect(summary.diagnostics).toContainEqual(expect.objectContaining({ code: "triage.inputHoldsNothing", severity: "warning", input: path("empty-list.xml") }));
  });
});

describe("refusals", () => {
  it("--input-format qualys-scan-summary on a SCAN file names the option, the root and the right format", async () => {
    const errors = await refusal(["same-scan-results.xml"], { forced: INPUT_FORMAT_CHOICES["qualys-scan-summary"] ?? null });
    expect(errors).toEqual([
      `${path("same-scan-results.xml")}: --input-format qualys-scan-summary given, but the root element <SCAN> is qualys-scan: use --input-format qualys-scan, or leave the option out`,
    ]);
  });

  it("an API error answer instead of a summary quotes the error", async () => {
    const errors = await refusal(["error-answer.xml"]);
    expect(errors).toEqual([
      `${path("error-answer.xml")}: root element <SIMPLE_RETURN> is a Qualys API error answer, not scan results (error 1903: "Missing required parameter(s): scan_date_since")`,
    ]);
  });
});
