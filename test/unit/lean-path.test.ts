/**
 * The scan-log fast path (ObservationSink.leanHost, used when a command prints no per-row details)
 * must give the same answers as the full path (`hosts`, which keeps everything): same counts, same
 * authentication failures with the same proof, on every scan-log fixture.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";

const FILES = [
  "examples/scan-log.csv",
  ...readdirSync("test/fixtures/csv")
    .filter((f) => f.endsWith(".csv") || f.endsWith(".tsv"))
    .map((f) => `test/fixtures/csv/${f}`),
  "test/fixtures/qualys/mixed-scan-log.csv",
];

interface HostJson {
  ip: string | null;
  hostname: string | null;
  status: string;
  detail: string | null;
  action: string;
}

describe("lean scan-log path agrees with the full path", () => {
  it.each(FILES)("%s", async (file) => {
    const hosts = await runInProcess("hosts", [file], { format: "json" });
    const summary = await runInProcess("summarize", [file], { format: "json" });
    const auth = await runInProcess("auth", [file], { format: "json" });
    expect(summary.code).toBe(hosts.code);
    if (hosts.code !== 0) {
      expect(summary.stderr).toBe(hosts.stderr);
      return;
    }
    const rows = JSON.parse(hosts.stdout) as HostJson[];
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const s = JSON.parse(summary.stdout) as { totals: { ips: number; byStatus: Record<string, number> }; authFailures: { count: number } };
    expect(s.totals.ips).toBe(rows.length);
    expect(s.totals.byStatus).toEqual(byStatus);
    const authRows = JSON.parse(auth.stdout) as HostJson[];
    const fromHosts = rows.filter((r) => ["CredentialFailed", "InsufficientPrivilege", "NoCredential", "CredentialNoLongerWork", "LockedAccount"].includes(r.status));
    expect(authRows.map((r) => [r.ip, r.hostname, r.status, r.detail, r.action])).toEqual(fromHosts.map((r) => [r.ip, r.hostname, r.status, r.detail, r.action]));
    expect(s.authFailures.count).toBe(fromHosts.length);
  });
});
