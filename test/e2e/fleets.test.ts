/**
 * Fleets through the built binary: --group-by (a triage per customer folder, input or scan-log
 * column, gates per group) and --jobs (inputs read on worker threads, byte-identical answers).
 * Workers run only from the bundle, so these tests spawn bin/scantriage.cjs.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { GroupSummary, Summary } from "../../src/aggregate/summarize.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/scantriage.cjs");
const CORPUS = resolve(ROOT, "../shared/corpus");

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function output(args: string[], cwd: string): unknown {
  const r = run([...args, "--format", "json", "--no-config"], cwd);
  if (r.code === 2) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}
const json = (args: string[], cwd: string) => output(args, cwd) as Summary & { groups: GroupSummary[] };
const rows = (args: string[], cwd: string) => output(args, cwd) as Record<string, unknown>[];

/** A scan log of `rows` rows over a small address space (IPs repeat across files), with a Job Name column. */
function scanLog(seed: number, rows: number, jobs: readonly string[]): string {
  const statuses = ["Success", "NoAnswer", "NoCredential", "CredentialFailed", "Timeout Exceeded", "SkippedAsExcluded", "ScanError"];
  let x = seed;
  // The high bits: an LCG's low bits repeat with a short period.
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) >>> 16;
  const lines = ["Time,IP,Status,Job Name,Scan Info"];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (next() % 28);
    const ip = `10.${next() % 3}.${next() % 4}.${next() % 40}`;
    const status = statuses[next() % statuses.length];
    const job = jobs[next() % jobs.length];
    lines.push(`2024-10-${String(day).padStart(2, "0")} 0${next() % 10}:00:00,${ip},${status},${job},"row ${i}, seed ${seed}"`);
  }
  return `${lines.join("\n")}\n`;
}

let dir = "";
/** Customer folders: scan logs, the bundled Qualys scan, real Qualys exports. */
const INPUTS = [
  "acme/log-1.csv",
  "acme/log-2.csv",
  "acme/scan.xml",
  "globex/log.csv",
  "globex/vm-report.csv",
  "initech/scan-results.json",
  "initech/detections.xml",
  "initech/log.csv",
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scantriage-fleets-"));
  for (const d of ["acme", "globex", "initech"]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, "acme/log-1.csv"), scanLog(1, 300, ["site-a", "site-b"]));
  writeFileSync(join(dir, "acme/log-2.csv"), scanLog(2, 200, ["site-b", "site-c"]));
  copyFileSync(join(ROOT, "examples/qualys-scan.xml"), join(dir, "acme/scan.xml"));
  writeFileSync(join(dir, "globex/log.csv"), scanLog(3, 250, ["site-a", ""]));
  copyFileSync(join(CORPUS, "qualys-exports/csv_defectdojo_vm_scan_report_ipstatus.csv"), join(dir, "globex/vm-report.csv"));
  copyFileSync(join(CORPUS, "qualys-exports/v2json_chronicle_scan_fetch_with_header.json"), join(dir, "initech/scan-results.json"));
  copyFileSync(join(CORPUS, "qualys/hld_jupiterone_detections.xml"), join(dir, "initech/detections.xml"));
  writeFileSync(join(dir, "initech/log.csv"), scanLog(4, 150, ["site-c"]));
});

describe("--group-by", () => {
  it.each(["dir", "input"])("--group-by %s: each group's totals, risk and auth failures equal summarizing the group alone", (how) => {
    const grouped = json(["summarize", ...INPUTS, "--group-by", how], dir);
    const groups = grouped.groups;
    expect(groups.map((g) => g.key)).toEqual(how === "dir" ? ["acme", "globex", "initech"] : [...INPUTS].sort());
    for (const g of groups) {
      const alone = json(["summarize", ...g.inputs], dir);
      expect(g.totals, g.key).toEqual(alone.totals);
      expect(g.risk, g.key).toEqual(alone.risk);
      expect(g.actions, g.key).toEqual(alone.actions);
      expect(g.authFailures.count, g.key).toBe(alone.authFailures.count);
    }
    // The fleet is the sum of its groups: an address at two customers is two hosts.
    const sum = (f: (g: GroupSummary) => number) => groups.reduce((n, g) => n + f(g), 0);
    expect(grouped.totals.ips).toBe(sum((g) => g.totals.ips));
    expect(grouped.authFailures.count).toBe(sum((g) => g.authFailures.count));
    expect(grouped.risk.activeHosts).toBe(sum((g) => g.risk.activeHosts));
    const ungrouped = json(["summarize", ...INPUTS], dir);
    expect(grouped.totals.ips).toBeGreaterThan(ungrouped.totals.ips);
    expect(grouped.inputs).toEqual(ungrouped.inputs);
  });

  it("--group-by column:NAME: each job's totals equal summarizing its rows alone; rows without a value are one group", () => {
    const logs = ["acme/log-1.csv", "acme/log-2.csv", "globex/log.csv"];
    const grouped = json(["summarize", ...logs, "--group-by", "column:job name"], dir);
    const groups = grouped.groups;
    expect(groups.map((g) => g.key)).toEqual(["", "site-a", "site-b", "site-c"]);
    const split = mkdtempSync(join(tmpdir(), "scantriage-jobs-"));
    for (const g of groups) {
      // The same rows, one file per input, holding only this job's rows.
      const files = logs.map((log, i) => {
        const text = spawnSync("cat", [join(dir, log)], { encoding: "utf8" }).stdout.split("\n");
        const rows = text.slice(1).filter((line) => line !== "" && line.split(",")[3] === g.key);
        const file = join(split, `${g.key || "none"}-${i}.csv`);
        writeFileSync(file, `${[text[0], ...rows].join("\n")}\n`);
        return rows.length > 0 ? file : null;
      });
      const alone = json(["summarize", ...files.filter((f): f is string => f !== null)], dir);
      expect(g.totals, g.key).toEqual(alone.totals);
      expect(g.authFailures.count, g.key).toBe(alone.authFailures.count);
    }
  });

  it("adds the group to every row of hosts, auth and risk (JSON, CSV, table)", () => {
    const hosts = rows(["hosts", ...INPUTS, "--group-by", "dir"], dir);
    expect(new Set(hosts.map((h) => h.group))).toEqual(new Set(["acme", "globex", "initech"]));
    expect(Object.keys(hosts[0] ?? {})[0]).toBe("group");
    const auth = rows(["auth", ...INPUTS, "--group-by", "dir"], dir);
    expect(auth.every((a) => typeof a.group === "string")).toBe(true);
    const csv = run(["hosts", ...INPUTS, "--group-by", "dir", "--format", "csv"], dir);
    expect(csv.stdout.split("\n")[0]).toMatch(/^group,ip,/);
    expect(csv.stdout.split("\n").filter((l) => l.startsWith("globex,")).length).toBe(hosts.filter((h) => h.group === "globex").length);
    const table = run(["summarize", ...INPUTS, "--group-by", "dir"], dir);
    expect(table.stdout).toMatch(/Groups \(3\)/);
    for (const key of ["acme", "globex", "initech"]) expect(table.stdout).toContain(key);
    const ungrouped = rows(["hosts", ...INPUTS], dir);
    expect(ungrouped.some((h) => "group" in h)).toBe(false);
  });

  it("judges the gates per group: a failure names its group, a passing group stays quiet", () => {
    const grouped = json(["summarize", ...INPUTS, "--group-by", "dir"], dir);
    const notScanned = grouped.groups.map((g) => [g.key, g.gated.notScanned] as const).sort((a, b) => a[1] - b[1]);
    const [low, , high] = notScanned;
    const limit = (low?.[1] ?? 0) as number;
    const r = run(["summarize", ...INPUTS, "--group-by", "dir", "--max-not-scanned", String(limit), "-q"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`gate failed: group "${high?.[0]}": --max-not-scanned ${limit}: ${high?.[1]} IPs were not scanned`);
    expect(r.stderr).not.toContain(`group "${low?.[0]}"`);
    const gates = json(["summarize", ...INPUTS, "--group-by", "dir", "--max-not-scanned", String(limit)], dir).gates;
    expect(gates.map((g) => g.group)).toEqual(["acme", "globex", "initech"]);
    const junit = run(["summarize", ...INPUTS, "--group-by", "dir", "--max-not-scanned", String(limit), "--format", "junit", "-q"], dir).stdout;
    expect(junit).toContain(`<testcase name="${high?.[0]}: --max-not-scanned ${limit}"`);
    expect(junit).toMatch(/<failure message="gate failed: group &quot;/);
    // The fleet total would fail a gate set at the largest group; per group it passes.
    const passing = run(["summarize", ...INPUTS, "--group-by", "dir", "--max-not-scanned", String(high?.[1]), "-q"], dir);
    expect(passing.code).toBe(0);
    expect(run(["summarize", ...INPUTS, "--max-not-scanned", String(high?.[1]), "-q"], dir).code).toBe(1);
  });

  it("refuses a column no input has (exit 2 naming it) and an unknown --group-by", () => {
    const missing = run(["summarize", "acme/log-1.csv", "globex/log.csv", "--group-by", "column:Customer"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain('no column "Customer"');
    const bad = run(["summarize", "acme/log-1.csv", "--group-by", "customer"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown --group-by "customer"; choose one of: input, dir, column:NAME');
    expect(run(["summarize", "acme/log-1.csv", "--group-by", "column:"], dir).code).toBe(2);
  });
});

/** Eight runs over a 70 MB file: a slow or busy machine (CI) needs more than the default 30 s. */
const HEAVY_MS = 120_000;

describe("--jobs", () => {
  const variants: [string, string[]][] = [
    ["summarize table", ["summarize"]],
    ["summarize json", ["summarize", "--format", "json"]],
    ["summarize csv", ["summarize", "--format", "csv"]],
    ["summarize markdown", ["summarize", "--format", "markdown"]],
    ["summarize junit", ["summarize", "--format", "junit", "--max-not-scanned", "5"]],
    ["hosts ndjson", ["hosts", "--format", "ndjson"]],
    ["hosts csv", ["hosts", "--format", "csv"]],
    ["hosts table", ["hosts"]],
    ["auth json", ["auth", "--format", "json"]],
    ["risk markdown", ["risk", "--format", "markdown"]],
    ["summarize json, grouped by dir", ["summarize", "--format", "json", "--group-by", "dir"]],
    ["hosts ndjson, grouped by column", ["hosts", "--format", "ndjson", "--group-by", "column:Job Name"]],
    ["trend json (each input a run)", ["trend", "--format", "json"]],
    ["trend table", ["trend"]],
  ];
  it.each(variants)("%s: --jobs 2 prints byte for byte what --jobs 1 prints", (_name, args) => {
    const one = run([...args, ...INPUTS, "--jobs", "1"], dir);
    const two = run([...args, ...INPUTS, "--jobs", "2"], dir);
    expect(one.code).not.toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.code).toBe(one.code);
    expect(one.stdout.length).toBeGreaterThan(100);
  });

  it("standard input among the inputs is read on the main thread: the same bytes out as --jobs 1", () => {
    const stdin = readFileSync(join(dir, INPUTS[2] as string));
    const args = ["hosts", "--format", "ndjson", INPUTS[0] as string, "-", ...INPUTS.slice(3)];
    const once = (jobs: string) => spawnSync(process.execPath, [BIN, ...args, "--jobs", jobs], { cwd: dir, input: stdin, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
    const one = once("1");
    const two = once("2");
    expect(one.status).not.toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout).toContain('"source":"-"');
  });

  it("one SCAN over 64 MB is parsed in parts on workers: the same bytes out as --jobs 1", () => {
    // The example's hosts repeated with new addresses, and `<IP value=` quoted in results, so that
    // some cuts land in a CDATA section (those parts are read again by the main thread).
    const example = readFileSync(join(ROOT, "examples/qualys-scan.xml"), "utf8");
    const head = example.slice(0, example.indexOf("<IP "));
    const hosts = example.slice(example.indexOf("<IP "), example.lastIndexOf("</SCAN>"));
    const parts = [head];
    let bytes = head.length;
    for (let n = 0; bytes < 70 * 1024 * 1024; n++) {
      const block = hosts.replaceAll("10.20.0.", `10.${20 + (n >> 8)}.${n & 255}.`).replaceAll("Details for", `<IP value="9.9.9.${n & 255}"> details for`);
      parts.push(block);
      bytes += block.length;
    }
    parts.push("</SCAN>\n");
    const big = join(dir, "big-scan.xml");
    writeFileSync(big, parts.join(""));
    const runs = [["summarize", "--format", "json", big], ["hosts", "--format", "ndjson", big], ["diff", "--format", "json", join(ROOT, "examples/qualys-scan.xml"), big]];
    for (const args of runs) {
      const one = run([...args, "--jobs", "1"], dir);
      const two = run([...args, "--jobs", "2"], dir);
      expect(one.code).not.toBe(2);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
    // Three threads: the file is cut for two workers beside the main thread.
    const three = run([...(runs[0] as string[]), "--jobs", "3"], dir);
    expect(three.stdout).toBe(run([...(runs[0] as string[]), "--jobs", "1"], dir).stdout);
  }, HEAVY_MS);

  it("refuses --jobs 0, a negative or a non-number as a usage error", () => {
    for (const jobs of ["0", "-1", "two", "1.5", ""]) {
      const r = run(["summarize", "acme/log-1.csv", "--jobs", jobs], dir);
      expect(r.code, jobs).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("--jobs");
    }
  });

  it("an unreadable file among 200 inputs: exit 2 naming it, nothing of the others reported as complete", () => {
    const many = mkdtempSync(join(tmpdir(), "scantriage-many-"));
    const files: string[] = [];
    for (let i = 0; i < 200; i++) {
      const file = join(many, `site-${String(i).padStart(3, "0")}.csv`);
      if (i !== 137) writeFileSync(file, scanLog(100 + i, 20, ["a"]));
      files.push(file);
    }
    writeFileSync(join(many, "binary.csv"), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254]));
    for (const jobs of ["1", "2"]) {
      const r = run(["summarize", ...files, "--jobs", jobs, "--format", "json"], many);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toEqual([`scantriage: error: ${files[137]}: no such file`]);
      const two = run(["summarize", ...files.slice(0, 100), join(many, "binary.csv"), ...files.slice(150), "--jobs", jobs], many);
      expect(two.code).toBe(2);
      expect(two.stdout).toBe("");
      expect(two.stderr.trim().split("\n")).toEqual([expect.stringContaining("binary.csv: binary data")]);
    }
    const ok = files.filter((_, i) => i !== 137);
    const direct = run(["summarize", ...ok, "--jobs", "1", "--format", "json"], many);
    const parallel = run(["summarize", ...ok, "--jobs", "2", "--format", "json"], many);
    expect(direct.code).not.toBe(2);
    expect(parallel.stdout).toBe(direct.stdout);
  });
});
