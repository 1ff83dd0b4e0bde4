/**
 * The SCAN TARGET key: hostnames, ranges `a-b`, CIDR blocks and a /8 that must be counted without
 * being expanded. (Exclusions and canceled scans: qualys-status-mapping.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { allWarnings, hostRows, summarizeFixtures } from "./qualys-fixture.js";

describe("TARGET entries", () => {
  it("a hostname target answered by a scanned host (name matched case-insensitively) adds no row; an unanswered one is a row with ip null", async () => {
    const s = await summarizeFixtures(["targets-hostname.xml"]);
    expect(s.totals.ips).toBe(3);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 2, Success: 1 });
    // The host that answered WebPortal.Corp.Example is in the target list although its address is not.
    expect(allWarnings(s)).toEqual([]);
    const rows = await hostRows(["targets-hostname.xml"]);
    expect(rows.map((r) => [r.ip, r.hostname, r.status])).toEqual([
      ["10.50.0.1", "webportal.corp.example", "Success"],
      ["10.50.0.2", null, "NoAnswer"],
      [null, "legacy-crm.corp.example", "NoAnswer"],
    ]);
    expect(rows[2]?.securityRisk).toBeNull();
  });

  it("a range a-b and a CIDR block: every address without results is NoAnswer", async () => {
    const s = await summarizeFixtures(["targets-range-cidr.xml"]);
    // 10.51.0.1-10.51.0.6 (6) + 10.51.1.0/30 (4) = 10 = NBHOST_TOTAL; 2 scanned.
    expect(s.totals).toMatchObject({ ips: 10, byStatus: { NoAnswer: 8, Success: 2 } });
    expect(allWarnings(s)).toEqual([]);
    const rows = await hostRows(["targets-range-cidr.xml"]);
    expect(rows.map((r) => `${r.ip} ${r.status}`)).toEqual([
      "10.51.0.1 NoAnswer",
      "10.51.0.2 Success",
      "10.51.0.3 NoAnswer",
      "10.51.0.4 NoAnswer",
      "10.51.0.5 NoAnswer",
      "10.51.0.6 NoAnswer",
      "10.51.1.0 NoAnswer",
      "10.51.1.1 Success",
      "10.51.1.2 NoAnswer",
      "10.51.1.3 NoAnswer",
    ]);
  });

  it("a /8 target is counted exactly (16,777,216 minus the scanned hosts) without expanding it", async () => {
    const started = performance.now();
    const s = await summarizeFixtures(["targets-slash8.xml"]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.totals.ips).toBe(16_777_216);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 16_777_214, Success: 2 });
    expect(s.totals.byResponsible.Customer).toBe(16_777_214);
    expect(allWarnings(s)).toEqual([]);
  });
});
