/**
 * Fixture test through the whole pipeline: every status of the taxonomy, each alias family, and
 * unrecognised / empty statuses, read from one scan-log CSV (test/fixtures/csv/every-status.csv).
 */
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";

const FILE = "test/fixtures/csv/every-status.csv";

// Written out from ../shared/spec/status-taxonomy.md, not derived from the source.
const EXPECTED: Record<string, [string, string, string, string]> = {
  "10.1.0.1": ["Success", "Scanned", "None", "None"],
  "10.1.0.2": ["NoConnection", "Not Scanned", "Customer", "Check firewall ports"],
  "10.1.0.3": ["CredentialFailed", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.0.4": ["InsufficientPrivilege", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.0.5": ["ScanFailure", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.6": ["SkippedAsSameAs", "Skipped", "None", "None"],
  "10.1.0.7": ["ConnectionFailed", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.8": ["UnusableConnection", "Not Scanned", "Customer", "Check firewalls and/or target system health"],
  "10.1.0.9": ["NoAnswer", "Not Scanned", "Customer", "Check Scope, Firewalls, is device turned on?"],
  "10.1.0.10": ["NoCredential", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.0.11": ["Unknown", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.12": ["PartialScan", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.13": ["SkippedAsWorkStation", "Skipped", "None", "None"],
  "10.1.0.14": ["SkippedAsExcluded", "Skipped", "None", "None"],
  "10.1.0.15": ["Aborted", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.16": ["NoResult", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.17": ["CredentialNoLongerWork", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.0.18": ["LockedAccount", "Not Scanned", "Customer", "Unlock the account, then Check Credentials"],
  "10.1.0.19": ["SystemDetected", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.0.20": ["SkippedAsBetterMethodExist", "Skipped", "None", "None"],
  "10.1.0.21": ["Warning", "Scanned", "ServiceProvider", "Check Logs"],
  "10.1.0.22": ["Missing", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.1.1": ["NoConnection", "Not Scanned", "Customer", "Check firewall ports"],
  "10.1.1.2": ["CredentialFailed", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.1.3": ["SkippedAsWorkStation", "Skipped", "None", "None"],
  "10.1.1.4": ["PartialScan", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.1.5": ["InsufficientPrivilege", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.1.6": ["InsufficientPrivilege", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.1.7": ["CredentialNoLongerWork", "Not Scanned", "Customer", "Check Credentials"],
  "10.1.1.8": ["SkippedAsWorkStation", "Skipped", "None", "None"],
  "10.1.1.9": ["NoAnswer", "Not Scanned", "Customer", "Check Scope, Firewalls, is device turned on?"],
  "10.1.1.10": ["SkippedAsExcluded", "Skipped", "None", "None"],
  "10.1.2.1": ["Quarantined", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.2.2": ["(empty)", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.2.3": ["Quarantined", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.2.4": ["(empty)", "Not Scanned", "ServiceProvider", "Check Logs"],
  "10.1.2.5": ["(empty)", "Not Scanned", "ServiceProvider", "Check Logs"],
};

describe("every status, alias and unrecognised value in a scan log", () => {
  it("classifies each row exactly as the taxonomy says", async () => {
    const r = await runInProcess("hosts", [FILE], { format: "json" });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { ip: string; status: string; category: string; responsible: string; action: string; recognized: boolean; rawStatus: string }[];
    expect(rows).toHaveLength(Object.keys(EXPECTED).length);
    for (const row of rows) {
      expect([row.status, row.category, row.responsible, row.action], row.ip).toEqual(EXPECTED[row.ip]);
      expect(row.recognized, row.ip).toBe(!row.ip.startsWith("10.1.2."));
    }
    expect(rows.find((row) => row.ip === "10.1.1.6")?.rawStatus).toBe("InsufficientPriviliege");
  });

  it("summarises unrecognised and empty statuses with counts, never renamed to Unknown", async () => {
    const r = await runInProcess("summarize", [FILE], { format: "json" });
    const s = JSON.parse(r.stdout);
    // Placeholders (`N/A`, `-`) and an empty cell are one "(empty)" status, not three.
    expect(s.unrecognizedStatuses).toEqual({ "(empty)": 3, Quarantined: 2 });
    expect(s.totals.byStatus.Unknown).toBe(1);
    expect(s.totals.ips).toBe(37);
    expect(s.totals.byCategory).toEqual({ Scanned: 2, "Not Scanned": 28, Skipped: 7 });
    expect(s.authFailures.count).toBe(9);
  });
});
