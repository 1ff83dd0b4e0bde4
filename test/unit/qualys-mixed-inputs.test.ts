/**
 * A scan-log CSV and a Qualys scan naming the same IPs: one row per IP, decided by the newest
 * observation, and the row's `source` says which input decided. The CSV row for 10.60.0.1
 * (2024-11-25) is newer than the Qualys scan (DATE 2024-11-20); the one for 10.60.0.2
 * (2024-11-01) is older.
 */
import { describe, expect, it } from "vitest";
import { fixture, hostRows, summarizeFixtures } from "./qualys-fixture.js";

const INPUTS = ["mixed-scan-log.csv", "mixed-qualys-scan.xml"];

describe("a scan log and a Qualys scan together", () => {
  it("one row per IP; the newer observation decides and its input is the source", async () => {
    const rows = await hostRows(INPUTS);
    expect(rows.map((r) => [r.ip, r.status, r.source, r.decidedBy, r.duplicates])).toEqual([
      ["10.60.0.1", "CredentialFailed", fixture("mixed-scan-log.csv"), "newest", 1],
      ["10.60.0.2", "CredentialFailed", fixture("mixed-qualys-scan.xml"), "newest", 1],
      ["10.60.0.9", "NoAnswer", fixture("mixed-scan-log.csv"), "only", 0],
    ]);
    expect(rows[0]?.detail).toBe("Authentication failure for svc_discovery");
    expect(rows[1]?.detail).toBe("QID 105015: Windows Authentication Failed");
    // The hostname the scan log lacks is kept from the Qualys host.
    expect(rows[0]?.hostname).toBe("shared-a.corp.example");
  });

  it("a newer scan-log row decides the status, but the Qualys findings and risk are kept", async () => {
    const rows = await hostRows(INPUTS);
    const alone = await hostRows(["mixed-qualys-scan.xml"]);
    const qualysRow = alone.find((r) => r.ip === "10.60.0.1");
    expect(qualysRow?.securityRisk).not.toBeNull();
    expect(rows[0]?.source).toBe(fixture("mixed-scan-log.csv"));
    expect(rows[0]?.securityRisk).toBe(qualysRow?.securityRisk);
    expect(rows[0]?.confirmed).toBe(qualysRow?.confirmed);
    // The IP only the scan log knows has no risk.
    expect(rows[2]?.securityRisk).toBeNull();
  });

  it("the order of the inputs does not change who decides", async () => {
    const rows = await hostRows([...INPUTS].reverse());
    expect(rows.map((r) => [r.ip, r.source])).toEqual([
      ["10.60.0.1", fixture("mixed-scan-log.csv")],
      ["10.60.0.2", fixture("mixed-qualys-scan.xml")],
      ["10.60.0.9", fixture("mixed-scan-log.csv")],
    ]);
  });

  it("the summary counts each IP once and reports the collapsed duplicates", async () => {
    const s = await summarizeFixtures(INPUTS);
    expect(s.inputs.map((i) => i.format)).toEqual(["scan-log-csv", "qualys-scan"]);
    expect(s.totals).toMatchObject({ ips: 3, byStatus: { CredentialFailed: 2, NoAnswer: 1 } });
    expect(s.warnings).toContainEqual(expect.stringMatching(/2 duplicate observations collapsed into 2 IPs; winner chosen 2 by newest time/));
  });
});
