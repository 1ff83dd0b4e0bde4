/**
 * End to end: spawn the built binary (npm test builds first) and assert stdout, stderr and the
 * exit code, as a user or a CI job would see them.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/scantriage.cjs");
const CSV = "examples/scan-log.csv";
const XML = "examples/qualys-scan.xml";
const FIX = "test/fixtures/e2e";

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 with exactly one line on stderr naming the file, no stack trace, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof run>, ...fragments: string[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^scantriage: /);
  for (const f of fragments) expect(lines[0]).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("version and help", () => {
  it("prints the package version", () => {
    const r = run(["--version"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each(["summarize", "hosts", "auth", "risk"])("%s --help shows examples and the gates", (cmd) => {
    const r = run([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain(`$ scantriage ${cmd}`);
    expect(r.stdout).toContain("--max-customer-actions");
    expect(r.stdout).toContain("--format");
  });

  it("no command prints usage on stderr and exits 2", () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: scantriage");
  });
});

describe("summarize", () => {
  it("prints a table for the bundled scan log", () => {
    const r = run(["summarize", CSV]);
    expect(r.code).toBe(0);
    // The example's one unknown status is a warning, also on stderr.
    expect(r.stderr).toBe(`scantriage: warning: 1 IP has a status the status table does not know ("Timeout Exceeded"); they count as Not Scanned / ServiceProvider: add them to a status map\n`);
    expect(r.stdout).toContain("23 IPs from 1 input");
    expect(r.stdout).toMatch(/Not Scanned\s+│\s+16/);
    expect(r.stdout).toContain("Timeout Exceeded");
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("prints the JSON contract for the bundled Qualys scan", () => {
    const r = run(["summarize", XML, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.schemaVersion).toBe(1);
    expect(s.inputs).toEqual([expect.objectContaining({ path: XML, format: "qualys-scan", records: 6 })]);
    expect(s.totals).toEqual({
      ips: 21,
      byCategory: { Scanned: 4, "Not Scanned": 16, Skipped: 1 },
      byResponsible: { Customer: 16, ServiceProvider: 0, None: 5 },
      byStatus: { NoAnswer: 14, Success: 4, CredentialFailed: 1, NoCredential: 1, SkippedAsExcluded: 1 },
      accepted: {
        ips: 0,
        byCategory: { Scanned: 0, "Not Scanned": 0, Skipped: 0 },
        byResponsible: { Customer: 0, ServiceProvider: 0, None: 0 },
        byStatus: {},
        authFailures: 0,
      },
    });
    expect(s.risk).toMatchObject({ method: "average", averageSecurityRisk: 3.2, activeHosts: 6 });
    expect(s.authFailures.count).toBe(2);
    expect(s.authFailures.top[0]).toMatchObject({ ip: "10.20.0.2", status: "CredentialFailed", detail: "QID 105015: Windows Authentication Failed" });
  });

  it("combines a scan log and a Qualys scan into one triage", () => {
    const r = run(["summarize", CSV, XML, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.totals.ips).toBe(23 + 21);
    expect(s.inputs.map((i: { format: string }) => i.format)).toEqual(["scan-log-csv", "qualys-scan"]);
  });

  it("reads standard input and gzip", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-e2e-"));
    const gz = join(dir, "scan.xml.gz");
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, XML))));
    const fromGz = JSON.parse(run(["summarize", gz, "--json"]).stdout);
    expect(fromGz.totals.ips).toBe(21);
    const fromStdin = run(["summarize", "-", "--json"], readFileSync(join(ROOT, CSV)));
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout).totals.ips).toBe(23);
  });

  it("applies a --status-map", () => {
    const r = run(["summarize", CSV, "--json", "--status-map", `${FIX}/status-map.json`]);
    const s = JSON.parse(r.stdout);
    expect(s.unrecognizedStatuses).toEqual({});
    expect(s.totals.byStatus.TimeoutExceeded).toBe(1);
  });
});

describe("hosts, auth, risk", () => {
  it("hosts --format ndjson prints one object per IP", () => {
    const r = run(["hosts", XML, "--format", "ndjson"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(21);
    expect(rows[0]).toMatchObject({ ip: "10.20.0.1", hostname: "dc01.corp.example", status: "Success", securityRisk: 2.7, source: XML });
    expect(rows.at(-1)).toMatchObject({ ip: null, hostname: "nas01.corp.example", status: "NoAnswer", securityRisk: null });
  });

  it("hosts --format csv neutralises nothing harmless and has a header", () => {
    const r = run(["hosts", CSV, "--format", "csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ip,hostname,status,rawStatus,category,responsible,action,securityRisk,source/);
    expect(lines).toHaveLength(1 + 23);
  });

  it("auth lists the failures with their proof", () => {
    const r = run(["auth", XML, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ ip: "10.20.0.2", status: "CredentialFailed", action: "Check Credentials" }),
      expect.objectContaining({ ip: "10.20.0.3", status: "NoCredential", detail: "QID 105297: Unix Authentication Not Attempted" }),
    ]);
  });

  it("risk prints per-host risk and the average, both methods", () => {
    const avg = JSON.parse(run(["risk", XML, "--json"]).stdout);
    expect(avg.averageSecurityRisk).toBe(3.2);
    expect(avg.hosts).toHaveLength(6);
    const high = JSON.parse(run(["risk", XML, "--json", "--risk-method", "highest"]).stdout);
    expect(high.method).toBe("highest");
    expect(high.hosts.find((h: { ip: string }) => h.ip === "10.20.0.5").securityRisk).toBe(5);
  });

  it("risk on a scan log says there is no risk data", () => {
    const r = run(["risk", CSV]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no security risk/i);
  });
});

describe("gates", () => {
  // The bundled scan log has 9 IPs needing customer action, 16 not scanned, 5 auth failures.
  it.each([["table"], ["json"], ["csv"]])("exit 0 at the threshold, 1 above it (--format %s)", (format) => {
    const at = run(["summarize", CSV, "--format", format, "--max-customer-actions", "9", "--quiet"]);
    expect(at.code).toBe(0);
    expect(at.stderr).toBe("");
    const above = run(["summarize", CSV, "--format", format, "--max-customer-actions", "8"]);
    expect(above.code).toBe(1);
    expect(above.stderr).toContain("--max-customer-actions 8");
    expect(above.stdout).not.toBe("");
  });

  it("every gate reports what failed", () => {
    const r = run(["hosts", XML, "--format", "ndjson", "--max-not-scanned", "15", "--max-auth-failures", "1", "--max-average-risk", "3"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--max-not-scanned 15");
    expect(r.stderr).toContain("--max-auth-failures 1");
    expect(r.stderr).toContain("--max-average-risk 3");
  });

  it("a bad threshold is a usage error", () => {
    expectOneLineError(run(["summarize", CSV, "--max-customer-actions", "many"]), "--max-customer-actions");
  });
});

describe("bad input: one line, exit 2", () => {
  it("missing file", () => expectOneLineError(run(["summarize", "nope.csv"]), "nope.csv", "no such file"));
  it("empty file name (an unset shell variable)", () => expectOneLineError(run(["summarize", CSV, ""]), 'file name is empty ("")'));
  it("directory", () => expectOneLineError(run(["summarize", "examples"]), "examples", "directory"));
  it("empty file", () => expectOneLineError(run(["summarize", `${FIX}/empty.csv`]), "empty.csv", "empty"));
  it("not a scan log", () => expectOneLineError(run(["summarize", `${FIX}/letter.txt`]), "letter.txt"));
  it("unknown --format", () => expectOneLineError(run(["summarize", CSV, "--format", "yaml"]), "yaml"));
  it("ndjson for summarize", () => expectOneLineError(run(["summarize", CSV, "--format", "ndjson"]), "ndjson"));
  it("truncated XML names file and line", () => {
    const r = run(["summarize", `${FIX}/truncated-scan.xml`]);
    expectOneLineError(r, "truncated-scan.xml:");
    expect(r.stderr).toMatch(/truncated-scan\.xml:\d+: /);
  });
  it("several bad inputs: one line each", () => {
    const r = run(["summarize", "a-missing.csv", `${FIX}/empty.csv`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(2);
  });
});

describe("pipes", () => {
  it("a gate still fails when the reader goes away early", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-e2e-"));
    const big = join(dir, "big.csv");
    const rows = Array.from({ length: 60_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},NoAnswer,No answer`);
    writeFileSync(big, `IP,Status,Scan Info\n${rows.join("\n")}\n`);
    const child = spawn(process.execPath, [BIN, "hosts", big, "--format", "ndjson", "--max-customer-actions", "0"], { env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolveData) => child.stdout.once("data", resolveData));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    expect(code).toBe(1);
    expect(stderr).toBe("scantriage: gate failed: --max-customer-actions 0: 60000 IPs need action by the Customer (more than 0)\n");
  });

  it.runIf(existsSync("/dev/full"))("an output that cannot be written is one line and exit 2, not a crash", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" summarize ${CSV} > /dev/full`], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("scantriage: error: cannot write the output (ENOSPC)\n");
  });

  it("hosts | head ends quietly when the reader goes away", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-e2e-"));
    const big = join(dir, "big.csv");
    const rows = Array.from({ length: 60_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},NoAnswer,No answer`);
    writeFileSync(big, `IP,Status,Scan Info\n${rows.join("\n")}\n`);
    const child = spawn(process.execPath, [BIN, "hosts", big, "--format", "ndjson"], { env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolveLine) => child.stdout.once("data", (d: Buffer) => resolveLine(d.toString())));
    child.stdout.destroy(); // like `head -n 1` exiting
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    expect(JSON.parse(first.split("\n")[0] ?? "")).toMatchObject({ ip: "10.0.0.0", status: "NoAnswer" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
