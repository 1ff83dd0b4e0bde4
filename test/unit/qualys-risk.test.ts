/**
 * Security risk from an asset report with a glossary, both methods, computed by hand:
 *
 * | host      | confirmed (severity from the glossary)           | not counted                     | average           | highest |
 * |-----------|--------------------------------------------------|---------------------------------|-------------------|---------|
 * | 10.30.0.1 | 91834 (5), 38173 (2), 38601 (3)                  | 376657 Fixed, Practice, Ig      | 10/3 = 3.33 -> 3.3 | 5       |
 * | 10.30.0.2 | 376657 (4), 38173 on 443 and 8443 (2, 2), 86476 (1) | Ig                            | 9/4 = 2.25 -> 2.3  | 4       |
 * | 10.30.0.3 | none                                             | Practice, Ig                    | 0                 | 0       |
 * | 10.30.0.4 | 38601 (3), 38173 (2)                             | 91834 Fixed, Ig                 | 5/2 = 2.5         | 3       |
 *
 * Average of the per-host values: (3.3 + 2.3 + 0 + 2.5) / 4 = 2.025 -> 2.0; highest: 12 / 4 = 3.0.
 */
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";
import { allWarnings, fixture, hostsByKey, summarizeFixtures } from "./qualys-fixture.js";

const REPORT = "risk-stated-matches.xml";

describe("security risk from an asset report", () => {
  it("average method: per-host averages of confirmed severities, Fixed, Practice and Ig excluded", async () => {
    const hosts = await hostsByKey([REPORT]);
    expect([...hosts.values()].map((h) => [h.ip, h.securityRisk, h.confirmed, h.potential, h.info])).toEqual([
      ["10.30.0.1", 3.3, 3, 1, 2],
      ["10.30.0.2", 2.3, 4, 0, 2],
      ["10.30.0.3", 0, 0, 1, 1],
      ["10.30.0.4", 2.5, 2, 0, 2],
    ]);
    const s = await summarizeFixtures([REPORT]);
    expect(s.risk).toMatchObject({ method: "average", averageSecurityRisk: 2, activeHosts: 4 });
    expect(s.totals.byStatus).toEqual({ Success: 4 });
  });

  it("highest method: the highest confirmed severity per host", async () => {
    const hosts = await hostsByKey([REPORT], { riskMethod: "highest" });
    expect([...hosts.values()].map((h) => [h.ip, h.securityRisk])).toEqual([
      ["10.30.0.1", 5],
      ["10.30.0.2", 4],
      ["10.30.0.3", 0],
      ["10.30.0.4", 3],
    ]);
    const s = await summarizeFixtures([REPORT], { riskMethod: "highest" });
    expect(s.risk).toMatchObject({ method: "highest", averageSecurityRisk: 3, activeHosts: 4 });
  });

  it("severity counts come from the glossary entry of each QID", async () => {
    const r = await runInProcess("risk", [fixture(REPORT)], { format: "json" });
    expect(r.code).toBe(0);
    const risk = JSON.parse(r.stdout) as { averageSecurityRisk: number; hosts: { ip: string; confirmedBySeverity: number[]; potentialBySeverity: number[]; infoBySeverity: number[] }[] };
    expect(risk.averageSecurityRisk).toBe(2);
    const first = risk.hosts.find((h) => h.ip === "10.30.0.1");
    expect(first).toMatchObject({ confirmedBySeverity: [0, 1, 1, 0, 1], potentialBySeverity: [0, 0, 1, 0, 0], infoBySeverity: [1, 1, 0, 0, 0] });
  });

  it("stated AVG_SECURITY_RISK and RISK_SCORE_PER_HOST that match the computed values: no warning", async () => {
    const s = await summarizeFixtures([REPORT]);
    expect(allWarnings(s)).toEqual([]);
  });

  it("with --risk-method highest, figures that fit the average method are one note, not a warning per host", async () => {
    const s = await summarizeFixtures([REPORT], { riskMethod: "highest" });
    expect(allWarnings(s)).toEqual([expect.stringMatching(/the file's own risk figures follow the average method; the figures here use --risk-method highest/)]);
  });

  it("stated figures that differ by more than 0.05 are reported, with the computed value", async () => {
    const s = await summarizeFixtures(["risk-stated-differs.xml"]);
    expect(s.risk.averageSecurityRisk).toBe(2);
    const warnings = allWarnings(s);
    expect(warnings).toHaveLength(2);
    expect(warnings).toContainEqual(expect.stringMatching(/host 10\.30\.0\.4: the file states security risk 3\.2, computed 2\.5/));
    expect(warnings).toContainEqual(expect.stringMatching(/risk-stated-differs\.xml average: the file states security risk 2\.6, computed 2\.0/));
  });

  it("a QID missing from the glossary is a warning naming it, counted as severity 1", async () => {
    const s = await summarizeFixtures(["risk-qid-not-in-glossary.xml"]);
    expect(s.inputs[0]?.warnings).toEqual([expect.stringMatching(/1 QID not in the report's glossary.*730999/)]);
    const hosts = await hostsByKey(["risk-qid-not-in-glossary.xml"]);
    // 38601 (3) and 730999 (unknown, 1): 4 / 2 = 2.0
    expect(hosts.get("10.31.0.1")).toMatchObject({ status: "Success", confirmed: 2, securityRisk: 2 });
  });
});
