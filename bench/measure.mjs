/**
 * Run a command in a child process and measure it: wall time (process.hrtime around spawn -> exit)
 * and peak resident set size of the child, read from GNU time (`/usr/bin/time -f %M`, KiB; Debian /
 * Ubuntu package `time`), with the child's CPU time (user + system, `%U %S`: more than the wall time
 * when it runs on several cores). Without GNU time the RSS and CPU figures are left empty.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

let timeAvailable = null;
/** True when /usr/bin/time understands `-f %M -o FILE` (GNU time; BusyBox and BSD time do not). */
export function hasGnuTime() {
  if (timeAvailable === null) {
    timeAvailable = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "-o", "/dev/null", "true"]).status === 0;
  }
  return timeAvailable;
}

const scratch = mkdtempSync(join(tmpdir(), "scantriage-bench-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
let serial = 0;

/** One run: { wallS, rssBytes|null, cpuS|null, code, signal, stdout, stderr }. */
export function runOnce(cmd, args, options = {}) {
  const useTime = hasGnuTime();
  const rssFile = join(scratch, `rss-${serial++}`);
  const [file, argv] = useTime ? [GNU_TIME, ["-f", "%M %U %S", "-o", rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const out = [];
    const err = [];
    const t0 = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      let rssBytes = null;
      let cpuS = null;
      if (useTime && existsSync(rssFile)) {
        // With -o, GNU time writes "Command exited with non-zero status N" before the format line.
        const lines = readFileSync(rssFile, "utf8").trim().split("\n");
        const [kib, user, system] = (lines[lines.length - 1] ?? "").trim().split(/\s+/).map(Number);
        if (Number.isFinite(kib)) rssBytes = kib * 1024;
        if (Number.isFinite(user) && Number.isFinite(system)) cpuS = user + system;
        rmSync(rssFile, { force: true });
      }
      resolve({ wallS, rssBytes, cpuS, code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * `runs` measured runs after `warmup` unmeasured ones. Returns the median wall time, the highest
 * peak RSS of the measured runs, every wall time, and the last run (for its output and exit code).
 * Stops early when a run fails: a benchmark of a failing command is meaningless.
 */
export async function measure(cmd, args, { runs = 1, warmup = 0, cwd, env } = {}) {
  for (let i = 0; i < warmup; i++) await runOnce(cmd, args, { cwd, env });
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(cmd, args, { cwd, env });
    results.push(r);
    if (r.code !== 0) break;
  }
  return summarizeRuns(results);
}

/**
 * measure() for several commands ({ cmd, args }), run in turn (A B A B ...) rather than in blocks,
 * so that load from elsewhere on the machine hits every contender alike and their ratio stays fair.
 * `onRun(k, i, result)`, when given, is called after each run (progress lines).
 */
export async function measureInterleaved(commands, { runs = 1, cwd, onRun } = {}) {
  const results = commands.map(() => []);
  let failed = false;
  for (let i = 0; i < runs && !failed; i++) {
    for (const [k, c] of commands.entries()) {
      const r = await runOnce(c.cmd, c.args, { cwd });
      onRun?.(k, i, r);
      results[k].push(r);
      if (r.code !== 0) failed = true;
    }
  }
  return results.map(summarizeRuns);
}

function summarizeRuns(results) {
  const last = results[results.length - 1];
  const rss = results.map((r) => r.rssBytes).filter((v) => v !== null);
  const cpu = results.map((r) => r.cpuS).filter((v) => v !== null);
  return {
    wallS: median(results.map((r) => r.wallS)),
    walls: results.map((r) => r.wallS),
    cpuS: cpu.length > 0 ? median(cpu) : null,
    rssBytes: rss.length > 0 ? Math.max(...rss) : null,
    ok: last.code === 0,
    last,
  };
}

/** Read a file once so that every contender then reads it from the page cache, not the disk. */
export async function warmPageCache(path) {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) void chunk;
}
