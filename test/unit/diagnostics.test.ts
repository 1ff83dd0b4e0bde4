/** What the run noticed, with stable codes: warnings (stderr, --strict) apart from notes (report only). */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { triageInputs, type TriageRequest } from "../../src/pipeline/triage-inputs.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CSV = resolve(ROOT, "examples/scan-log.csv");
const XML = resolve(ROOT, "examples/qualys-scan.xml");
const EMPTY = resolve(ROOT, "test/fixtures/qualys/quirk-empty-target.xml");

async function summary(request: TriageRequest) {
  const outcome = await triageInputs(request);
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("\n"));
  return outcome.summary;
}

const codes = (s: Awaited<ReturnType<typeof summary>>, severity: string) => s.diagnostics.filter((d) => d.severity === severity).map((d) => d.code);

describe("diagnostics", () => {
  it("a run whose inputs hold no IP warns 'nothing to triage' once, and no gate passes", async () => {
    const s = await summary({ inputs: [EMPTY], judge: { thresholds: { maxNotScanned: 0 }, strict: true } });
    expect(s.totals.ips).toBe(0);
    expect(codes(s, "warning")).toEqual(["triage.nothingToTriage"]);
    expect(s.gates).toEqual([
      expect.objectContaining({ name: "maxNotScanned", value: 0, passed: false }),
      expect.objectContaining({ name: "strict", value: 1, passed: false }),
    ]);
  });

  it("an empty input beside a full one is named", async () => {
    const s = await summary({ inputs: [EMPTY, XML] });
    expect(s.diagnostics).toContainEqual({ code: "triage.inputHoldsNothing", severity: "warning", input: EMPTY, message: "holds no host and no target (an empty response?)" });
    expect(codes(s, "warning")).not.toContain("triage.nothingToTriage");
  });

  it("unrecognised statuses are a warning naming them; collapsed rescans and missing risk data are notes", async () => {
    const s = await summary({ inputs: [CSV] });
    expect(codes(s, "warning")).toEqual(["triage.unrecognizedStatuses"]);
    expect(s.diagnostics.find((d) => d.code === "triage.unrecognizedStatuses")?.message).toContain('"Timeout Exceeded"');
    expect(codes(s, "note").sort()).toEqual(["triage.duplicatesCollapsed", "triage.noRiskData"]);
    // The strings of `warnings` keep every message, notes included (contract: warnings keeps its strings).
    expect(s.warnings).toHaveLength(3);
  });

  it("a status map that knows the status removes the warning", async () => {
    const s = await summary({ inputs: [CSV], statusMap: { aliases: { "Timeout Exceeded": "Unknown" } } });
    expect(codes(s, "warning")).toEqual([]);
  });

  it("--max-average-risk on inputs without findings passes with no value, and says it could not judge", async () => {
    const s = await summary({ inputs: [CSV], statusMap: { aliases: { "Timeout Exceeded": "Unknown" } }, judge: { thresholds: { maxAverageRisk: 0 }, strict: false } });
    expect(s.gates).toEqual([expect.objectContaining({ name: "maxAverageRisk", value: null, passed: true })]);
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ code: "triage.gateNotJudged", severity: "warning" }));
  });

  it("per-input warnings carry their input; run-wide ones carry null", async () => {
    const s = await summary({ inputs: [CSV, XML] });
    for (const d of s.diagnostics) {
      if (d.input !== null) expect([CSV, XML]).toContain(d.input);
    }
    expect(s.diagnostics.filter((d) => d.input === null).map((d) => d.message)).toEqual(s.warnings);
  });
});
