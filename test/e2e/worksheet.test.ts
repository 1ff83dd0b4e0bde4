/**
 * `scantriage worksheet`: one party's to-do list grouped by action, as CSV (formulas neutralised),
 * Markdown and HTML (escaped, no script), and its usage errors.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/scantriage.cjs");

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("worksheet", () => {
  it("markdown (default): the customer's actions, most IPs first, ranges as one entry, the proof", () => {
    const r = cli(["worksheet", "examples/qualys-scan.xml", "--responsible", "Customer"]);
    expect(r.status).toBe(0);
    const headings = r.stdout.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Check Scope, Firewalls, is device turned on? (14 IPs)", "## Check Credentials (2 IPs)"]);
    expect(r.stdout).toContain("| 10.20.0.6 - 10.20.0.11 (6 IPs) |  | NoAnswer | in TARGET, no results in the scan |");
    expect(r.stdout).toContain("| 10.20.0.2 | app01.corp.example | CredentialFailed | QID 105015: Windows Authentication Failed |");
  });

  it("csv: one row per entry with the party and action; a formula in the proof is neutralised", () => {
    const r = cli(["worksheet", "test/fixtures/report/hostile-names.csv", "--responsible", "customer", "--format", "csv"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("responsible,action,ip,last_ip,ips,hostname,status,proof");
    expect(lines.every((l, i) => i === 0 || l.startsWith("Customer,"))).toBe(true);
    const evil = lines.find((l) => l.includes("10.9.0.4")) ?? "";
    expect(evil).toContain("'=cmd|' /C calc'!A0");
  });

  it("html: escaped, with a policy that runs no script at all", () => {
    const r = cli(["worksheet", "test/fixtures/report/hostile-names.csv", "--responsible", "Customer", "--format", "html"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("script-src &#39;none&#39;"); // (the policy's quotes as entities in the attribute)
    expect(r.stdout).not.toMatch(/<script/i);
    expect(r.stdout).not.toMatch(/<img/i);
    expect(r.stdout).toContain("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;");
  });

  it("the service provider's worksheet; nothing to do says so", () => {
    const r = cli(["worksheet", "examples/qualys-scan.xml", "--responsible", "ServiceProvider"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Nothing to do.");
  });

  it.each([
    [["--responsible", "Both"], 'give --responsible Customer or --responsible ServiceProvider (one party), got "Both"'],
    [["--responsible", "Customer,ServiceProvider"], "(one party)"],
    [["--responsible", "Customer", "--format", "json"], 'unknown --format "json"; choose one of: csv, markdown, html'],
    [[], "required option '--responsible <party>' not specified"],
  ])("usage error %j: exit 2, one line", (args, text) => {
    const r = cli(["worksheet", "examples/scan-log.csv", ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n").filter((l) => l.includes("error"))).toHaveLength(1);
    expect(r.stderr).toContain(text);
  });
});
