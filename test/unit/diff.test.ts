/**
 * `diff` and `trend` on scan logs: every per-IP transition of the spec's table, a run made of a
 * directory, runs given out of date order, unrelated scopes, a run compared with itself, gates and
 * bad input. The core (compareRuns) and the command (runDiffCommand) are both exercised.
 */
import { Writable } from "node:stream";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runDiffCommand, type RawDiffOptions } from "../../src/cli/run-diff.js";
import { compareRuns } from "../../src/iterate/diff.js";
import type { DiffCommand } from "../../src/render/diff/diff-registry.js";
import { UsageError } from "../../src/errors.js";

const fx = (name: string) => relative(process.cwd(), resolve(import.meta.dirname, "../fixtures/iterations", name));
const ROUND1 = fx("round1.csv");
const ROUND2 = fx("round2");

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(command: DiffCommand, runs: string[], options: RawDiffOptions = {}) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runDiffCommand(command, runs, { config: false, ...options }, { stdout, stderr, env: { NO_COLOR: "1" } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function ok(runs: string[]) {
  const outcome = await compareRuns({ runs });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("; "));
  return outcome;
}

describe("diff: per IP", () => {
  it("every transition of the spec's table, a directory as one run (hidden files left out)", async () => {
    const outcome = await ok([ROUND1, ROUND2]);
    expect(outcome.runs.map((r) => r.inputs.length)).toEqual([1, 2]);
    const last = outcome.steps[outcome.steps.length - 1];
    expect(last?.ips).toEqual({ resolved: 1, regressed: 1, stillOpen: 1, changed: 2, new: 1, gone: 2, unchanged: 1 });
    expect(last?.newNotScanned).toBe(1);
    const byIp = new Map([...outcome.deltas()].map((d) => [d.first, d]));
    expect(
      Object.fromEntries([...byIp].map(([ip, d]) => [ip, `${d.change}: ${d.before?.status ?? "-"} -> ${d.after?.status ?? "-"}`])),
    ).toEqual({
      "10.0.0.1": "resolved: NoAnswer -> Success",
      "10.0.0.2": "regressed: Success -> NoAnswer",
      "10.0.0.3": "stillOpen: NoAnswer -> NoAnswer",
      "10.0.0.4": "changed: NoAnswer -> CredentialFailed",
      "10.0.0.5": "new: - -> NoConnection",
      "10.0.0.6": "gone: Success -> -",
      "10.0.0.7": "changed: NoAnswer -> SkippedAsExcluded",
      "10.0.0.8": "unchanged: Success -> Success",
      "10.0.0.9": "gone: NoAnswer -> -",
    });
  });

  it("per party: the customer's work resolved, still open and new; an IP that left the scope is not resolved", async () => {
    const last = (await ok([ROUND1, ROUND2])).steps[0];
    // Resolved: .1 (to Success), .4 (NoAnswer -> CredentialFailed: another action), .7 (to Skipped). Not .9 (gone).
    expect(last?.parties.Customer).toEqual({ resolved: 3, stillOpen: 1, new: 3 });
    expect(last?.stillOpenActions).toEqual([{ responsible: "Customer", action: "Check Scope, Firewalls, is device turned on?", ips: 1 }]);
  });

  it("runs given out of date order are compared in date order, with a warning", async () => {
    const outcome = await ok([ROUND2, ROUND1]);
    expect(outcome.runs.map((r) => r.label)).toEqual([ROUND1, ROUND2]);
    expect(outcome.runs.map((r) => r.date)).toEqual(["2026-11-01T10:00:00Z", "2026-11-08T11:00:00Z"]);
    expect(outcome.warnings.map((w) => w.code)).toContain("diff.reordered");
    expect(outcome.steps[0]?.ips.resolved).toBe(1);
  });

  it("two runs of unrelated scopes warn; a run compared with itself says nothing changed", async () => {
    expect((await ok([ROUND1, fx("unrelated.csv")])).warnings.map((w) => w.code)).toContain("diff.noCommonIps");
    const same = await ok([ROUND1, ROUND1]);
    expect(same.warnings.map((w) => w.code)).toContain("diff.nothingChanged");
    expect(same.steps[0]?.ips).toMatchObject({ resolved: 0, regressed: 0, new: 0, gone: 0, changed: 0 });
  });
});

describe("trend", () => {
  it("compares each consecutive pair; JSON has the runs in date order and a step per pair", async () => {
    const r = await run("trend", [ROUND2, ROUND1, fx("unrelated.csv")], { format: "json" });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; runs: { label: string; date: string }[]; steps: { from: string; to: string }[]; ips: Record<string, number> };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.runs.map((x) => x.label)).toEqual([ROUND1, ROUND2, fx("unrelated.csv")]);
    expect(doc.steps.map((s) => [s.from, s.to])).toEqual([
      [ROUND1, ROUND2],
      [ROUND2, fx("unrelated.csv")],
    ]);
    expect(doc.ips).toMatchObject({ new: 1, gone: 7 });
  });
});

describe("diff: the command", () => {
  it("json: the spec's fields", async () => {
    const r = await run("diff", [ROUND1, ROUND2], { format: "json" });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["schemaVersion", "runs", "ips", "findings", "risk", "gates"]));
    expect(doc.risk).toEqual({ before: null, after: null });
  });

  it("ndjson and csv: one line per changed IP (not the unchanged or still-open ones)", async () => {
    const nd = await run("diff", [ROUND1, ROUND2], { format: "ndjson" });
    const lines = nd.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ip: string; change: string; detail: string | null });
    expect(lines.map((l) => `${l.ip} ${l.change}`)).toEqual(["10.0.0.1 resolved", "10.0.0.2 regressed", "10.0.0.4 changed", "10.0.0.5 new", "10.0.0.6 gone", "10.0.0.7 changed", "10.0.0.9 gone"]);
    expect(lines.find((l) => l.ip === "10.0.0.4")?.detail).toBe("Access denied");
    const csv = await run("diff", [ROUND1, ROUND2], { format: "csv" });
    expect(csv.stdout.split("\n")[0]).toBe("ip,change,before,after,responsible,action,hostname,detail");
    expect(csv.stdout.trim().split("\n")).toHaveLength(8);
  });

  it("table: the verdict first, then the regressed IPs", async () => {
    const r = await run("diff", [ROUND1, ROUND2]);
    expect(r.stdout).toMatch(/^What changed: .*round1\.csv \(2026-11-01T10:00:00Z\) -> .*round2 \(2026-11-08T11:00:00Z\)\n/);
    expect(r.stdout).toContain("Coverage now: 2 of 7 IPs scanned (28.6%); before: 3 of 8 IPs scanned (37.5%)");
    expect(r.stdout).toContain("10.0.0.2: Success -> NoAnswer; Customer: Check Scope, Firewalls, is device turned on?");
    const md = await run("diff", [ROUND1, ROUND2], { format: "markdown" });
    expect(md.stdout).toMatch(/^# What changed: /);
    const junit = await run("diff", [ROUND1, ROUND2], { format: "junit", maxRegressed: "0" });
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain('<testcase name="--max-regressed 0" classname="scantriage.gates" time="0">');
    expect(junit.stdout).toContain('<failure message="gate failed: --max-regressed 0: 1 IP regressed (scanned before, not now) (more than 0)"');
    expect(junit.stdout).toMatch(/<testcase name="[^"]*round2" classname="scantriage.runs"/);
  });

  it("gates: regressed and new not-scanned IPs fail with exit 1; the summarize gates judge the later run", async () => {
    const r = await run("diff", [ROUND1, ROUND2], { maxRegressed: "0", maxNewNotScanned: "1", maxNotScanned: "2" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("gate failed: --max-regressed 0: 1 IP regressed (scanned before, not now) (more than 0)");
    expect(r.stderr).not.toContain("--max-new-not-scanned");
    // The later run (round2) has 4 IPs not scanned (.2, .3, .4, .5): judged there, not on round1 (4 too, but other IPs).
    expect(r.stderr).toContain("gate failed: --max-not-scanned 2: 4 IPs were not scanned (more than 2)");
  });

  it("the accept list of the later run keeps accepted IPs out of the diff gates", async () => {
    const accept = [{ target: "10.0.0.2", reason: "decommissioned, ticket 42" }, { target: "10.0.0.5", statuses: ["NoConnection"], reason: "firewall change pending" }];
    const outcome = await compareRuns({ runs: [ROUND1, ROUND2], accept, thresholds: { maxRegressed: 0, maxNewNotScanned: 0 } });
    if (!outcome.ok) throw new Error("not read");
    expect(outcome.steps[0]?.ips.regressed).toBe(1);
    expect(outcome.steps[0]?.gated).toEqual({ regressed: 0, newNotScanned: 0 });
    expect(outcome.gates.map((g) => [g.name, g.passed])).toEqual([
      ["maxRegressed", true],
      ["maxNewNotScanned", true],
    ]);
  });

  it("bad input: a run that cannot be read is exit 2 naming it; three runs for diff is a usage error pointing at trend", async () => {
    const r = await run("diff", [ROUND1, fx("missing.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scantriage: error: .*missing\.csv: /);
    await expect(run("diff", [ROUND1, ROUND2, ROUND1])).rejects.toThrow(UsageError);
    await expect(run("diff", [ROUND1, ROUND2, ROUND1])).rejects.toThrow("diff compares two runs, 3 given: use trend for more");
  });
});

describe("diff and trend: per finding (Qualys report CSV and scan results JSON)", () => {
  const F1 = fx("findings/run1-report.csv");
  const F2 = fx("findings/run2-scan.json");
  const F3 = fx("findings/run3-report.csv");

  it("new, active, fixed, removed (IG, never Fixed), not re-tested (host not alive, authentication failed)", async () => {
    const outcome = await ok([F1, F2]);
    const f = outcome.steps[0]?.findings;
    expect(f?.counts).toEqual({ new: 2, active: 1, fixed: 1, reopened: 0, removedIg: 1, notRetested: 2 });
    const byKey = Object.fromEntries([...outcome.findingDeltas()].map((d) => [`${d.ip} ${d.qid}`, d.change]));
    expect(byKey).toEqual({
      "10.1.1.1 1001": "active",
      "10.1.1.1 2001": "removedIg",
      "10.1.1.2 1002": "fixed",
      "10.1.1.2 1005": "new",
      "10.1.1.3 1003": "notRetested",
      "10.1.1.4 1004": "notRetested",
      "10.1.1.4 105015": "new",
    });
    expect(f?.newAtOrAbove).toBe(1);
    expect(f?.bySeverity.new.confirmed).toEqual([0, 0, 0, 0, 1]);
  });

  it("fixed, then back: Re-Opened over three runs; the file's own statuses are checked against the comparison", async () => {
    const outcome = await ok([F3, F1, F2]);
    expect(outcome.runs.map((r) => r.label)).toEqual([F1, F2, F3]);
    const last = outcome.steps[1]?.findings;
    expect(last?.counts).toMatchObject({ reopened: 1, active: 2 });
    expect([...outcome.findingDeltas()].find((d) => d.qid === 1002)).toMatchObject({ change: "reopened", stated: "reopened" });
    // run3 states QID 1001 "New", but it was there in run2.
    const warning = outcome.warnings.find((w) => w.code === "diff.statedStatusDiffers");
    expect(warning?.args).toMatchObject({ count: 1, example: "10.1.1.1 QID 1001 port 443: stated new, compared active" });
    expect(last?.stated).toEqual({ new: 1, active: 1, reopened: 1, fixed: 0 });
  });

  it("the new-findings gate counts new and re-opened confirmed findings at or above --min-severity", async () => {
    const at5 = await run("diff", [F1, F2], { maxNewFindings: "0", minSeverity: "5" });
    expect(at5.code).toBe(1);
    expect(at5.stderr).toContain("gate failed: --max-new-findings 0: 1 new confirmed finding at or above the minimum severity (more than 0)");
    expect((await run("diff", [F1, F2], { maxNewFindings: "1" })).code).toBe(0);
  });

  it("json and ndjson carry the findings; scan logs have none (null), and the findings gate says it cannot be judged", async () => {
    const doc = JSON.parse((await run("diff", [F1, F2], { format: "json" })).stdout) as { findings: Record<string, unknown> };
    expect(doc.findings).toMatchObject({ new: 2, fixed: 1, removedIg: 1, notRetested: 2, newAtOrAbove: { minSeverity: 4, confirmed: 1 } });
    const lines = (await run("diff", [F1, F2], { format: "ndjson" })).stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; change: string });
    expect(lines.filter((l) => l.type === "finding").map((l) => l.change)).toEqual(["removedIg", "fixed", "new", "notRetested", "notRetested", "new"]);
    const logs = await run("diff", [ROUND1, ROUND2], { format: "json", maxNewFindings: "0" });
    expect((JSON.parse(logs.stdout) as { findings: unknown }).findings).toBeNull();
    expect(logs.stderr).toContain("--max-new-findings cannot be judged");
  });
});

