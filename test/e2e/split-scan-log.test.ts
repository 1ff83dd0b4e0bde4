/**
 * One scan log over 64 MB is cut into parts parsed on worker threads (split-scan-log.ts): through
 * the built binary, `--jobs 2..4` print byte for byte what `--jobs 1` prints, in every format, and
 * a broken row in a late part is the same one-line error with the same line. Parts run on workers
 * only from the bundle, so these tests spawn bin/scantriage.cjs; test/unit/split-scan-log.test.ts
 * covers the hostile cases with small parts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/scantriage.cjs");

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args, "--no-config"], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STATUSES = ["Success", "NoAnswer", "NoCredential", "CredentialFailed", "Timeout Exceeded", "SkippedAsSameAs", "ScanError"];

/**
 * A scan log of a little over 64 MB with CRLF line ends: addresses repeat (rescans, newest wins),
 * some cells are quoted and hold line breaks (a cut may land inside them), some rows are ragged,
 * some times unreadable, some targets hostnames.
 */
function bigScanLog(): string {
  let x = 42;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) >>> 16;
  const out: string[] = ["Scan log export\r\n", "Time,IP,Status,Job Name,Scan Info\r\n"];
  let bytes = 0;
  for (let i = 0; bytes < 66 * 1024 * 1024; i++) {
    const n = next();
    const ip = n % 97 === 0 ? `host-${n % 50}.example` : `10.${n % 4}.${(n >> 2) % 64}.${(n >> 8) % 200}`;
    const time = n % 89 === 0 ? "soon" : `2024-10-${String(1 + (n % 28)).padStart(2, "0")} ${String(n % 24).padStart(2, "0")}:00:00`;
    const info = n % 31 === 0 ? `"Failed for ${ip}:\nline two, ""quoted""\r\n10.9.9.9,Success,x,y"` : n % 53 === 0 ? `ragged,${i}` : `row ${i}`;
    const line = `${time},${ip},${STATUSES[n % STATUSES.length]},site-${n % 5},${info}\r\n`;
    out.push(line);
    bytes += line.length;
  }
  return out.join("");
}

let dir = "";
let big = "";
let broken = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scantriage-split-log-e2e-"));
  const text = bigScanLog();
  big = join(dir, "big.csv");
  writeFileSync(big, text);
  // A quote opened in a row after the last quoted cell (in the last part) and never closed.
  const at = text.indexOf("\r\n", text.lastIndexOf('"')) + 2;
  broken = join(dir, "broken.csv");
  writeFileSync(broken, `${text.slice(0, at)}2024-10-01 00:00:00,10.7.7.7,Success,site-1,"never closed\r\n${text.slice(at)}`);
});

/** Several runs over a file of more than 64 MB: a slow or busy machine (CI) needs more than the default 30 s. */
const HEAVY_MS = 120_000;

describe("one scan log over 64 MB on several cores", () => {
  const variants: [string, string[], string[]][] = [
    ["summarize table", ["summarize"], ["2"]],
    ["summarize json", ["summarize", "--format", "json"], ["2", "4"]],
    ["summarize markdown", ["summarize", "--format", "markdown"], ["2"]],
    ["summarize csv, grouped by a column", ["summarize", "--format", "csv", "--group-by", "column:Job Name"], ["2"]],
    ["hosts ndjson", ["hosts", "--format", "ndjson"], ["2"]],
    ["hosts csv", ["hosts", "--format", "csv"], ["3"]],
  ];
  it.each(variants)("%s: --jobs 2..4 print byte for byte what --jobs 1 prints", (_name, args, jobs) => {
    const one = run([...args, big, "--jobs", "1"], dir);
    expect(one.code).not.toBe(2);
    expect(one.stdout.length).toBeGreaterThan(100);
    for (const n of jobs) {
      const many = run([...args, big, "--jobs", n], dir);
      expect(many.stdout, `--jobs ${n}`).toBe(one.stdout);
      expect(many.stderr, `--jobs ${n}`).toBe(one.stderr);
      expect(many.code, `--jobs ${n}`).toBe(one.code);
    }
  }, HEAVY_MS);

  it("a quote never closed in the last part: the same one-line error and line as --jobs 1, exit 2", () => {
    const one = run(["summarize", broken, "--jobs", "1"], dir);
    expect(one.code).toBe(2);
    expect(one.stdout).toBe("");
    expect(one.stderr.trim().split("\n")).toEqual([expect.stringMatching(/broken\.csv:\d+: a quoted field starting on this line is not closed/)]);
    for (const n of ["2", "3"]) expect(run(["summarize", broken, "--jobs", n], dir)).toEqual(one);
  }, HEAVY_MS);
});
