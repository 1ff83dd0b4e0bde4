/**
 * Each row of the "Qualys results mapped onto the same statuses" table of
 * shared/spec/status-taxonomy.md, one fixture per rule.
 */
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";
import { allWarnings, fixture, hostsByKey, summarizeFixtures } from "./qualys-fixture.js";

describe("Qualys hosts with results", () => {
  it("a host with results and no authentication finding is Success", async () => {
    const s = await summarizeFixtures(["status-success.xml"]);
    expect(s.totals.byStatus).toEqual({ Success: 1 });
    expect(s.authFailures.count).toBe(0);
    const hosts = await hostsByKey(["status-success.xml"]);
    // VULN 91834 (4) and 38173 (2); PRACTICE 90043 is potential; 45017, 70053 and 82023 are information.
    expect(hosts.get("10.10.0.10")).toMatchObject({ status: "Success", detail: null, confirmed: 2, potential: 1, info: 3, securityRisk: 3 });
  });

  it("QIDs 105015, 105053, 115263 and any title '... Authentication Failed' are CredentialFailed", async () => {
    const s = await summarizeFixtures(["status-credential-failed.xml"]);
    expect(s.totals.byStatus).toEqual({ CredentialFailed: 4 });
    expect(s.authFailures.count).toBe(4);
    const hosts = await hostsByKey(["status-credential-failed.xml"]);
    expect([...hosts.values()].map((h) => [h.ip, h.status, h.detail])).toEqual([
      ["10.10.1.1", "CredentialFailed", "QID 105015: Windows Authentication Failed"],
      ["10.10.1.2", "CredentialFailed", "QID 105053: Unix Authentication Failed"],
      ["10.10.1.3", "CredentialFailed", "QID 115263: Unix Authentication Timeout Occurred"],
      ["10.10.1.4", "CredentialFailed", "QID 19921: Oracle Database Authentication Failed"],
    ]);
  });

  it("a title matching 'Insufficient Privilege' is InsufficientPrivilege", async () => {
    const s = await summarizeFixtures(["status-insufficient-privilege.xml"]);
    expect(s.totals.byStatus).toEqual({ InsufficientPrivilege: 2 });
    const hosts = await hostsByKey(["status-insufficient-privilege.xml"]);
    expect(hosts.get("10.10.2.1")?.detail).toBe("QID 105181: Unix Authentication Insufficient Privilege");
    expect(hosts.get("10.10.2.2")?.detail).toBe("QID 105182: Windows Registry Access: insufficient privileges for the scan account");
  });

  it("QIDs 105297, 105296 and a title 'Authentication Not Attempted' are NoCredential", async () => {
    const s = await summarizeFixtures(["status-no-credential.xml"]);
    expect(s.totals.byStatus).toEqual({ NoCredential: 3 });
    const hosts = await hostsByKey(["status-no-credential.xml"]);
    expect(hosts.get("10.10.3.2")?.detail).toBe("QID 105296: Unix Authentication Not Attempted");
    expect(hosts.get("10.10.3.3")?.detail).toBe("QID 105328: Windows Authentication Not Attempted");
  });

  it("several authentication findings: CredentialFailed > InsufficientPrivilege > NoCredential, in any order", async () => {
    const hosts = await hostsByKey(["status-auth-precedence.xml"]);
    expect(hosts.get("10.10.4.1")).toMatchObject({ status: "InsufficientPrivilege", detail: "QID 105181: Unix Authentication Insufficient Privilege" });
    expect(hosts.get("10.10.4.2")).toMatchObject({ status: "CredentialFailed", detail: "QID 105015: Windows Authentication Failed" });
    expect(hosts.get("10.10.4.3")).toMatchObject({ status: "CredentialFailed", detail: "QID 105053: Unix Authentication Failed" });
  });

  it("asset reports: authentication QIDs and glossary titles (read after the hosts) decide the status", async () => {
    const hosts = await hostsByKey(["status-asset-report-auth.xml"]);
    expect(hosts.get("10.32.0.1")).toMatchObject({ status: "CredentialFailed", detail: "QID 105015: Windows Authentication Failed" });
    expect(hosts.get("10.32.0.2")).toMatchObject({ status: "InsufficientPrivilege", detail: "QID 105181: Unix Authentication Insufficient Privilege" });
    expect(hosts.get("10.32.0.3")).toMatchObject({ status: "NoCredential", detail: "QID 105297: Unix Authentication Not Attempted" });
  });

  it("the auth command lists every authentication failure with its proof and action", async () => {
    const r = await runInProcess("auth", [fixture("status-auth-precedence.xml")], { format: "json" });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { ip: string; status: string; detail: string; action: string }[];
    expect(rows.map((row) => [row.ip, row.status, row.action])).toEqual([
      ["10.10.4.1", "InsufficientPrivilege", "Check Credentials"],
      ["10.10.4.2", "CredentialFailed", "Check Credentials"],
      ["10.10.4.3", "CredentialFailed", "Check Credentials"],
    ]);
  });
});

describe("Qualys targets without results", () => {
  it('IP status="down" is NoAnswer', async () => {
    const s = await summarizeFixtures(["status-host-down.xml"]);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 2, Success: 1 });
    expect(allWarnings(s)).toEqual([]);
    const hosts = await hostsByKey(["status-host-down.xml"]);
    expect(hosts.get("10.10.5.2")).toMatchObject({ status: "NoAnswer", hostname: null, securityRisk: null });
    expect(hosts.get("10.10.5.3")).toMatchObject({ status: "NoAnswer", hostname: "printer.corp.example" });
    expect(hosts.get("10.10.5.3")?.detail).toMatch(/down/);
  });

  it("TARGET entries without an IP element, scan FINISHED, are NoAnswer without a warning", async () => {
    const s = await summarizeFixtures(["status-target-finished.xml"]);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 3, Success: 1 });
    expect(allWarnings(s)).toEqual([]);
  });

  it.each([
    ["status-target-canceled.xml", "Canceled"],
    ["status-target-interrupted.xml", "Interrupted"],
    ["status-target-paused.xml", "Paused"],
  ])("%s: a scan that did not finish makes its unanswered targets Aborted, with a warning", async (file, status) => {
    const s = await summarizeFixtures([file]);
    expect(s.totals.byStatus).toEqual({ Aborted: 3, Success: 1 });
    expect(s.inputs[0]?.warnings).toEqual([expect.stringContaining(`scan status is ${status}, not FINISHED`)]);
    const hosts = await hostsByKey([file]);
    expect(hosts.get("10.10.6.1")?.status).toBe("Success");
    expect(hosts.get("10.10.6.4")?.detail).toContain(status);
  });

  it("EXCLUDED_TARGET is SkippedAsExcluded, and an exclusion beats the target range it lies in", async () => {
    const s = await summarizeFixtures(["status-excluded.xml"]);
    // 10.10.8.0/29 = 8 addresses: .1 scanned; .3, .6, .7 excluded; .0, .2, .4, .5 no answer.
    expect(s.totals.byStatus).toEqual({ NoAnswer: 4, SkippedAsExcluded: 3, Success: 1 });
    expect(s.totals.byCategory).toEqual({ Scanned: 1, "Not Scanned": 4, Skipped: 3 });
    // NBHOST_TOTAL (5) counts the targets left after the exclusions: no warning.
    expect(allWarnings(s)).toEqual([]);
    const hosts = await hostsByKey(["status-excluded.xml"]);
    expect(["10.10.8.3", "10.10.8.6", "10.10.8.7"].map((ip) => hosts.get(ip)?.status)).toEqual(Array(3).fill("SkippedAsExcluded"));
  });

  it("ASSET_DATA_REPORT NO_RESULTS ranges and single addresses are NoResult", async () => {
    const s = await summarizeFixtures(["status-no-results-appendix.xml"]);
    // 10.10.9.2-10.10.9.10 (9), 10.10.10.5 as a one-address range, 10.10.11.7 as a single IP element.
    expect(s.totals.byStatus).toEqual({ NoResult: 11, Success: 1 });
    expect(allWarnings(s)).toEqual([]);
    const hosts = await hostsByKey(["status-no-results-appendix.xml"]);
    expect(hosts.get("10.10.9.1")).toMatchObject({ status: "Success", hostname: "lab-gw.corp.example" });
    expect(hosts.get("10.10.10.5")?.status).toBe("NoResult");
    expect(hosts.get("10.10.11.7")?.status).toBe("NoResult");
    expect(hosts.has("10.10.10.4")).toBe(false);
  });

  it('old API <ERROR number="3509">No host alive</ERROR> with STATUS NOHOSTALIVE: targets are NoAnswer, the error is quoted', async () => {
    const s = await summarizeFixtures(["status-no-host-alive.xml"]);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 3 });
    expect(s.risk.averageSecurityRisk).toBeNull();
    const warnings = s.inputs[0]?.warnings ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("No host alive");
    expect(warnings[0]).toContain("3509");
    expect(warnings.join("\n")).not.toMatch(/not FINISHED/);
  });
});
