#!/usr/bin/env node
/**
 * npm run bench: generate the synthetic inputs (cached in bench/data/), run `scantriage summarize`
 * and the Python standard-library baseline on each, check that their answers agree, run
 * `scantriage diff` of two rounds of the SCAN beside `summarize` of one, write the HTML report of
 * 100,000 hosts beside `summarize` of the same input and open it in headless Chromium, measure
 * startup against `node -e 0`, summarize a fleet of 200 customers' 5 MB SCAN files (default --jobs,
 * --jobs 1, --group-by dir) beside the 1 GB SCAN and ElementTree, and print the results as text and
 * Markdown (also bench/results.md for a complete run at the goal sizes, else bench/data/results-partial.md).
 *
 * Settings (flag or environment variable):
 *   --quick        BENCH_QUICK=1         tiny inputs (scale 1/50), for a smoke test
 *   --scale N      BENCH_SCALE=N         size factor of every input (default 1: ~1 GB SCAN, ~200 MB report, 1M CSV rows,
 *                                        ~1 GB scan results JSON, 1M-row VM report CSV, an HTML report of 100,000 hosts)
 *   --scan-gb L    BENCH_SCAN_GB=L       SCAN sizes in GB at scale 1, comma-separated (default 1; "1,2" adds the 2 GB check)
 *   --runs N       BENCH_RUNS=N          measured runs per large input (default 1; the median is reported)
 *   --startup-runs N BENCH_STARTUP_RUNS=N measured runs per startup command (default 10)
 *   --only LIST    BENCH_ONLY=LIST       any of scan,diff,fleet,asset,csv,json,findings,report,startup (default all)
 *   --snapshot     BENCH_SNAPSHOT=1      run a copy of bin/ and dist/ taken at the start (bench/data/cli-snapshot/),
 *                                        not dist/ itself: a rebuild meanwhile (tests in the same checkout) changes nothing
 *   --cli PATH     BENCH_CLI=PATH        the scantriage entry to run (default bin/scantriage.cjs; e.g. another checkout's)
 *                  BENCH_PYTHON=python3  the Python used for the baselines
 *                  CHROMIUM_PATH=/usr/bin/chromium  the browser of the report part (skipped, saying so, without one)
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type, release } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { browserUnavailable, chromiumPath, measureReportInBrowser } from "./browser.mjs";
import { checkAsset, checkCsv, checkDiff, checkFindingCsv, checkFleet, checkReport, checkScan, checkScanJson, readReport } from "./checks.mjs";
import { generateAssetReport } from "./generate-asset-report.mjs";
import { generateFindingCsv } from "./generate-finding-csv.mjs";
import { generateScanFleet } from "./generate-scan-fleet.mjs";
import { generateScanJson } from "./generate-scan-json.mjs";
import { generateScanLogCsv } from "./generate-scan-log-csv.mjs";
import { generateScanXml } from "./generate-scan-xml.mjs";
import { hasGnuTime, measureInterleaved, median, runOnce, warmPageCache } from "./measure.mjs";
import { fmt, renderMarkdown, renderText } from "./report.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NODE = process.execPath;
/** The scantriage entry every part runs (relative to the root, or absolute): --cli, or the --snapshot copy. */
let CLI = "bin/scantriage.cjs";
/** Every part of the benchmark, in the order they run; --only picks among them (default: all). */
const PARTS = ["scan", "diff", "fleet", "asset", "csv", "json", "findings", "report", "startup"];

function settings(argv, env) {
  const flag = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick") || env.BENCH_QUICK === "1";
  const s = {
    quick,
    scale: Number(flag("--scale") ?? env.BENCH_SCALE ?? (quick ? 0.02 : 1)),
    scanGb: String(flag("--scan-gb") ?? env.BENCH_SCAN_GB ?? "1").split(",").map(Number),
    runs: Number(flag("--runs") ?? env.BENCH_RUNS ?? 1),
    startupRuns: Number(flag("--startup-runs") ?? env.BENCH_STARTUP_RUNS ?? 10),
    only: new Set(String(flag("--only") ?? env.BENCH_ONLY ?? PARTS.join(",")).split(",")),
    python: env.BENCH_PYTHON ?? "python3",
    cli: flag("--cli") ?? env.BENCH_CLI ?? "bin/scantriage.cjs",
    snapshot: argv.includes("--snapshot") || env.BENCH_SNAPSHOT === "1",
  };
  if (s.snapshot && s.cli !== "bin/scantriage.cjs") throw new Error("--snapshot copies this checkout's bin/ and dist/: not with --cli");
  if (!(s.scale > 0) || s.scanGb.some((g) => !(g > 0)) || !(s.runs >= 1) || !(s.startupRuns >= 1)) {
    throw new Error(`bad settings: ${JSON.stringify({ ...s, only: [...s.only] })}`);
  }
  const unknown = [...s.only].filter((p) => !PARTS.includes(p));
  if (unknown.length > 0) throw new Error(`unknown --only part(s) ${unknown.join(", ")}; choose among ${PARTS.join(", ")}`);
  return s;
}

/** The bundle the entry `cli` loads (bin/../dist/main.cjs). */
function bundleOf(cli) {
  return resolve(ROOT, dirname(cli), "..", "dist", "main.cjs");
}

/**
 * Which scantriage is measured: the entry, its bundle's SHA-256 and time, and the commit of the
 * checkout it is in (with "+ uncommitted changes in src/" when there are).
 */
function buildText(cli, snapshotOf) {
  const bundle = bundleOf(cli);
  const hash = createHash("sha256").update(readFileSync(bundle)).digest("hex").slice(0, 12);
  const from = snapshotOf ?? resolve(ROOT, dirname(cli));
  const git = (...args) => spawnSync("git", ["-C", from, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  const dirty = head.status === 0 && git("status", "--porcelain", "--", "src").stdout.trim() !== "";
  const commit = head.status === 0 ? `commit ${head.stdout.trim()}${dirty ? " + uncommitted changes in src/" : ""}` : "not in a git checkout";
  return `${cli}${snapshotOf ? " (a copy of bin/ and dist/ taken at the start)" : ""}, bundle sha256 ${hash}, built ${statSync(bundle).mtime.toISOString()}, ${commit}`;
}

/** --snapshot: copy bin/ and dist/ to bench/data/cli-snapshot/ and run that copy. */
function takeSnapshot() {
  const dir = join(ROOT, "bench", "data", "cli-snapshot");
  rmSync(dir, { recursive: true, force: true });
  for (const d of ["bin", "dist"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return relative(ROOT, join(dir, "bin", "scantriage.cjs"));
}

function loadText() {
  return loadavg().map((v) => v.toFixed(2)).join(" / ");
}

function machine(python) {
  const py = spawnSync(python, ["--version"], { encoding: "utf8" });
  return {
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `${type()} ${release()}`,
    node: process.version,
    python: py.status === 0 ? (py.stdout || py.stderr).trim() : `${python} not found`,
    loadStart: loadText(),
    rssSource: hasGnuTime() ? "GNU time (/usr/bin/time -f %M)" : "nowhere: /usr/bin/time missing (apt-get install time)",
  };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function firstLines(text, n = 5) {
  return text.trim().split("\n").slice(0, n).join(" | ");
}

async function benchInput(spec, s) {
  const t0 = Date.now();
  process.stderr.write(`[bench] ${spec.title}: preparing input...`);
  const gen = await spec.generate();
  const file = relative(ROOT, gen.path);
  process.stderr.write(gen.generated ? ` generated ${file} (${fmt.mb(gen.bytes)} MB) in ${gen.seconds.toFixed(1)} s\n` : ` cached ${file} (${fmt.mb(gen.bytes)} MB)\n`);
  await warmPageCache(gen.path);

  const input = { title: spec.title, file, bytes: gen.bytes, detail: spec.detail(gen.expected), rows: [], notes: [], problems: [] };
  process.stderr.write(`[bench]   scantriage summarize and baseline ${spec.baseline}, ${s.runs} run(s) each, in turn...\n`);
  const stArgs = spec.stArgs ? spec.stArgs(file) : ["summarize", file, "--json"];
  // spec.jobs1: the input is split on all cores by default; `--jobs 1` beside it shows what that gives.
  const [st, base, one] = await measureInterleaved(
    [
      { cmd: NODE, args: [CLI, ...stArgs] },
      { cmd: s.python, args: [join("bench", "baselines", spec.baseline), file] },
      ...(spec.jobs1 ? [{ cmd: NODE, args: [CLI, ...stArgs, "--jobs", "1"] }] : []),
    ],
    { runs: s.runs, cwd: ROOT },
  );

  const stJson = st.ok ? parseJson(st.last.stdout) : null;
  const baseJson = base.ok ? parseJson(base.last.stdout) : null;
  if (!st.ok) input.problems.push(`scantriage exited with ${st.last.code ?? st.last.signal}: ${firstLines(st.last.stderr)}`);
  else if (!stJson) input.problems.push("scantriage printed no JSON summary");
  if (!base.ok) input.problems.push(`baseline exited with ${base.last.code ?? base.last.signal}: ${firstLines(base.last.stderr)}`);
  if (stJson && baseJson) input.problems.push(...spec.check(stJson, baseJson, gen.expected));
  if (stJson?.warnings?.length) input.notes.push(`scantriage warnings: ${stJson.warnings.join("; ")}`);
  const inputWarnings = (stJson?.inputs ?? []).flatMap((i) => i.warnings ?? []);
  if (inputWarnings.length > 0) input.notes.push(`scantriage warnings on the input: ${inputWarnings.join("; ")}`);

  const ratio = st.ok && base.ok ? base.wallS / st.wallS : null;
  input.rows.push({ tool: `${spec.stLabel ?? "scantriage summarize --json"}${one ? " (default --jobs)" : ""}`, wallS: st.ok ? st.wallS : null, rssBytes: st.ok ? st.rssBytes : null, ratio });
  if (one) {
    if (!one.ok) input.problems.push(`scantriage --jobs 1 exited with ${one.last.code ?? one.last.signal}: ${firstLines(one.last.stderr)}`);
    else if (st.ok && one.last.stdout !== st.last.stdout) input.problems.push("scantriage --jobs 1 printed other bytes than the default --jobs");
    input.rows.push({ tool: `${spec.stLabel ?? "scantriage summarize --json"} --jobs 1`, wallS: one.ok ? one.wallS : null, rssBytes: one.ok ? one.rssBytes : null, ratio: one.ok && base.ok ? base.wallS / one.wallS : null });
  }
  input.rows.push({ tool: spec.baselineLabel, wallS: base.ok ? base.wallS : null, rssBytes: base.ok ? base.rssBytes : null, ratio: null });
  if (s.runs > 1) {
    const jobs1 = one ? `; scantriage --jobs 1 ${one.walls.map((w) => w.toFixed(2)).join(", ")}` : "";
    input.notes.push(`wall times (s): scantriage ${st.walls.map((w) => w.toFixed(2)).join(", ")}${jobs1}; baseline ${base.walls.map((w) => w.toFixed(2)).join(", ")}`);
  }
  process.stderr.write(`[bench]   done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { ...input, gb: spec.gb, kind: spec.kind, scantriage: st, baselineRun: base };
}

/**
 * diff: `scantriage diff ROUND1 ROUND2 --format json` of the 1 GB-class SCAN and its second round
 * (a week later), and `scantriage summarize --format json ROUND1` beside it, in turn: the spec's
 * goal is diff within 2.5x of summarizing one file, in under 500 MB. The diff's counts (IPs and
 * findings per change) are checked against what the round-2 generator expects.
 */
async function benchDiff(s) {
  const t0 = Date.now();
  const title = "diff of two SCAN rounds, 1 GB class";
  process.stderr.write(`[bench] ${title}: preparing inputs...`);
  const gens = [];
  for (const round of [1, 2]) {
    const gen = await generateScanXml({ scale: s.scale, round });
    const file = relative(ROOT, gen.path);
    process.stderr.write(gen.generated ? ` generated ${file} (${fmt.mb(gen.bytes)} MB) in ${gen.seconds.toFixed(1)} s;` : ` cached ${file} (${fmt.mb(gen.bytes)} MB);`);
    gens.push({ ...gen, file });
  }
  process.stderr.write("\n");
  for (const g of gens) await warmPageCache(g.path);
  const [r1, r2] = gens;
  const d = r2.expected.diff;
  const alive = r2.expected.byStatus.Success + r2.expected.byStatus.CredentialFailed;
  const input = {
    kind: "diff",
    title,
    file: `${r1.file} + ${r2.file}`,
    bytes: r1.bytes + r2.bytes,
    detail:
      `${fmt.int(r1.expected.records)} scanned hosts, then ${fmt.int(alive)} (and ${fmt.int(r2.expected.records - alive)} \`status="down"\`); IPs ${fmt.int(d.ips.resolved)} resolved, ${fmt.int(d.ips.regressed)} regressed, ` +
      `${fmt.int(d.ips.changed)} changed; findings ${fmt.int(d.findings.new)} new, ${fmt.int(d.findings.active)} active, ${fmt.int(d.findings.fixed)} fixed, ` +
      `${fmt.int(d.findings.removedIg)} IG removed, ${fmt.int(d.findings.notRetested)} not re-tested`,
    explain: "No baseline: `diff` of the two files is compared with `summarize` of the earlier one (the column is diff wall time / summarize wall time).",
    ratioHead: "vs summarize",
    rows: [],
    notes: [],
    problems: [],
  };
  process.stderr.write(`[bench]   scantriage diff and scantriage summarize, ${s.runs} run(s) each, in turn...\n`);
  const [diff, sum] = await measureInterleaved(
    [
      { cmd: NODE, args: [CLI, "diff", r1.file, r2.file, "--format", "json"] },
      { cmd: NODE, args: [CLI, "summarize", "--format", "json", r1.file] },
    ],
    { runs: s.runs, cwd: ROOT },
  );
  const diffJson = diff.ok ? parseJson(diff.last.stdout) : null;
  const sumJson = sum.ok ? parseJson(sum.last.stdout) : null;
  if (!diff.ok) input.problems.push(`scantriage diff exited with ${diff.last.code ?? diff.last.signal}: ${firstLines(diff.last.stderr)}`);
  else if (!diffJson) input.problems.push("scantriage diff printed no JSON");
  if (!sum.ok) input.problems.push(`scantriage summarize exited with ${sum.last.code ?? sum.last.signal}: ${firstLines(sum.last.stderr)}`);
  else if (!sumJson) input.problems.push("scantriage summarize printed no JSON summary");
  if (diffJson && sumJson) input.problems.push(...checkDiff(diffJson, sumJson, r1.expected, r2.expected));
  if (diff.ok && diff.last.stderr.trim()) input.notes.push(`scantriage diff warnings: ${firstLines(diff.last.stderr)}`);
  if (diffJson?.diagnostics?.length) input.notes.push(`scantriage diff diagnostics: ${diffJson.diagnostics.map((m) => m.message).join("; ")}`);

  const ratio = diff.ok && sum.ok ? diff.wallS / sum.wallS : null;
  input.rows.push({ tool: "scantriage diff --format json (both files)", wallS: diff.ok ? diff.wallS : null, rssBytes: diff.ok ? diff.rssBytes : null, ratio });
  input.rows.push({ tool: "scantriage summarize --format json (earlier file)", bytes: r1.bytes, wallS: sum.ok ? sum.wallS : null, rssBytes: sum.ok ? sum.rssBytes : null, ratio: null });
  if (s.runs > 1) input.notes.push(`wall times (s): diff ${diff.walls.map((w) => w.toFixed(2)).join(", ")}; summarize ${sum.walls.map((w) => w.toFixed(2)).join(", ")}`);
  process.stderr.write(`[bench]   done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { ...input, diffRun: diff, summarizeRun: sum, beforeBytes: r1.bytes, afterBytes: r2.bytes };
}

/**
 * fleet (the issue "fleets": "200 inputs of 5 MB no slower per byte than one 1 GB input; both
 * measured side by side in the same run"): a service provider's 200 customers, one 5 MB SCAN in a
 * folder each (generate-scan-fleet.mjs, ~1 GB together), summarized (a) with the default --jobs (the
 * number of cores), (b) with --jobs 1, (c) with --group-by dir (default --jobs), beside (d) the 1 GB
 * SCAN of the scan part summarized alone (default --jobs) and (e) ElementTree over the 200 files in
 * one Python process; in turn, A B C D E A B C D E ... The goal compares (a)'s MB/s with (d)'s.
 * (a), (b) and (c) are checked against the fleet's manifest, (c)'s groups against each customer's.
 */
async function benchFleet(s) {
  const t0 = Date.now();
  process.stderr.write("[bench] fleet: preparing inputs...");
  const fleet = await generateScanFleet({ scale: s.scale });
  const dir = relative(ROOT, fleet.path);
  process.stderr.write(
    fleet.generated ? ` generated ${dir}/ (${fleet.files.length} files, ${fmt.mb(fleet.bytes)} MB) in ${fleet.seconds.toFixed(1)} s;` : ` cached ${dir}/ (${fleet.files.length} files, ${fmt.mb(fleet.bytes)} MB);`,
  );
  const big = await generateScanXml({ scale: s.scale });
  const bigFile = relative(ROOT, big.path);
  process.stderr.write(big.generated ? ` generated ${bigFile} (${fmt.mb(big.bytes)} MB) in ${big.seconds.toFixed(1)} s\n` : ` cached ${bigFile} (${fmt.mb(big.bytes)} MB)\n`);
  for (const f of fleet.files) await warmPageCache(f.path);
  await warmPageCache(big.path);

  const files = fleet.files.map((f) => ({ file: relative(ROOT, f.path), expected: f.expected }));
  const paths = files.map((f) => f.file);
  const n = files.length;
  const sizes = fleet.files.map((f) => f.bytes);
  const e = fleet.expected;
  const glob = `${dir}/*/scan.xml`;
  const input = {
    kind: "fleet",
    title: `Fleet: ${n} customers' SCAN files beside one 1 GB-class SCAN`,
    file: `${glob} (${n} files) and ${bigFile}`,
    bytes: fleet.bytes,
    detail:
      `${n} files of ${fmt.mb(Math.min(...sizes))}-${fmt.mb(Math.max(...sizes))} MB, one folder per customer, each in its own /16: ` +
      `${fmt.int(e.records)} hosts, ${fmt.int(e.confirmed)} confirmed findings, ${fmt.int(e.ips)} target IPs in all; the 1 GB-class file ${fmt.mb(big.bytes)} MB, ${fmt.int(big.expected.records)} hosts`,
    explain:
      `Rows (a)-(c) read the ${n} files (\`summarize --format json ${glob}\`), (d) the 1 GB-class SCAN alone, (e) Python over the ${n} files in one process; all in turn. ` +
      "\"vs (d)\" is the row's MB/s over (d)'s (per byte against one large input); \"vs ElementTree\" the row's MB/s over (e)'s; " +
      "CPU s is user + system time of the process (its threads together), with CPU s / wall s: the cores kept busy on average.",
    ratioHead: "MB/s vs (d)",
    extraHeads: ["MB/s vs ElementTree", "CPU s (cores busy)"],
    rows: [],
    notes: [],
    problems: [],
  };
  const summarize = ["summarize", "--format", "json"];
  const commands = [
    { tool: `(a) scantriage summarize --format json, ${n} files (default --jobs)`, cmd: NODE, args: [CLI, ...summarize, ...paths] },
    { tool: `(b) the same with --jobs 1`, cmd: NODE, args: [CLI, ...summarize, "--jobs", "1", ...paths] },
    { tool: `(c) the same with --group-by dir (default --jobs)`, cmd: NODE, args: [CLI, ...summarize, "--group-by", "dir", ...paths] },
    { tool: `(d) scantriage summarize --format json, the 1 GB-class file (default --jobs)`, cmd: NODE, args: [CLI, ...summarize, bigFile], bytes: big.bytes },
    { tool: `(e) python3 ElementTree.iterparse + clear(), ${n} files`, cmd: s.python, args: [join("bench", "baselines", "scan_iterparse.py"), ...paths] },
  ];
  const loadBefore = loadText();
  process.stderr.write(`[bench]   (a) default --jobs, (b) --jobs 1, (c) --group-by dir, (d) the 1 GB file, (e) ElementTree, ${s.runs} run(s) each, in turn (load ${loadBefore})...\n`);
  const measured = await measureInterleaved(commands, {
    runs: s.runs,
    cwd: ROOT,
    onRun: (k, i, r) => process.stderr.write(`[bench]     run ${i + 1} ${"abcde"[k]}: ${r.wallS.toFixed(2)} s, ${fmt.mb(r.rssBytes)} MB, CPU ${r.cpuS === null ? "-" : r.cpuS.toFixed(2)} s; load ${loadText()}\n`),
  });
  input.notes.push(`load average (1 / 5 / 15 min) ${loadBefore} before the runs, ${loadText()} after`);

  const names = ["(a) default --jobs", "(b) --jobs 1", "(c) --group-by dir", "(d) the 1 GB file", "(e) ElementTree"];
  const json = measured.map((m) => (m.ok ? parseJson(m.last.stdout) : null));
  measured.forEach((m, k) => {
    if (!m.ok) input.problems.push(`${names[k]} exited with ${m.last.code ?? m.last.signal}: ${firstLines(m.last.stderr)}`);
    else if (!json[k]) input.problems.push(`${names[k]} printed no JSON`);
  });
  if (json.every((j) => j !== null)) {
    const [all, jobs1, byDir, bigSummary, base] = json;
    input.problems.push(...checkFleet({ all, jobs1, byDir, big: bigSummary, base, allText: measured[0].last.stdout, jobs1Text: measured[1].last.stdout }, fleet, files, big.expected));
  }
  measured.forEach((m, k) => {
    const stderr = m.ok ? m.last.stderr.trim() : "";
    if (stderr) input.notes.push(`${names[k]} printed on stderr: ${firstLines(stderr, 3)}`);
    const warnings = [...(json[k]?.warnings ?? []), ...(json[k]?.inputs ?? []).flatMap((i) => i.warnings ?? [])];
    if (warnings.length > 0) input.notes.push(`${names[k]} warnings: ${warnings.slice(0, 3).join("; ")}${warnings.length > 3 ? ` (${warnings.length} in all)` : ""}`);
  });

  const speed = (k) => (measured[k].ok ? (commands[k].bytes ?? fleet.bytes) / measured[k].wallS : null);
  const per = (k, ref) => (speed(k) !== null && speed(ref) !== null ? speed(k) / speed(ref) : null);
  measured.forEach((m, k) => {
    const cpu = m.ok && m.cpuS !== null ? `${m.cpuS.toFixed(2)} (${(m.cpuS / m.wallS).toFixed(2)})` : "-";
    input.rows.push({
      tool: commands[k].tool,
      bytes: commands[k].bytes,
      wallS: m.ok ? m.wallS : null,
      rssBytes: m.ok ? m.rssBytes : null,
      ratio: k === 3 ? null : per(k, 3),
      extras: [k === 4 ? "-" : fmt.ratio(per(k, 4)), cpu],
    });
  });
  if (s.runs > 1) {
    input.notes.push(`wall times (s): ${measured.map((m, k) => `${"abcde"[k]} ${m.walls.map((w) => w.toFixed(2)).join(", ")}`).join("; ")}`);
    // (a) against (d) within each round of the interleaving (run i of both, minutes apart at most).
    const a = measured[0].walls;
    const d = measured[3].walls;
    const paired = a.slice(0, d.length).map((w, i) => fleet.bytes / w / (big.bytes / d[i]));
    input.notes.push(`(a) MB/s over (d) MB/s run by run: ${paired.map((r) => fmt.ratio(r)).join(", ")}`);
  }
  // On a loaded machine the wall time follows the CPU time: what each byte costs, threads together.
  const cpuPerGb = (k) => (measured[k].ok && measured[k].cpuS !== null ? `${"abcde"[k]} ${((measured[k].cpuS / (commands[k].bytes ?? fleet.bytes)) * 1e9).toFixed(2)}` : null);
  const cpu = [0, 1, 2, 3, 4].map(cpuPerGb).filter((x) => x !== null);
  if (cpu.length > 0) input.notes.push(`CPU s per GB read (user + system, median of the runs): ${cpu.join("; ")}`);
  process.stderr.write(`[bench]   done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { ...input, fleetFiles: n, fleetBytes: fleet.bytes, bigBytes: big.bytes, perByte: per(0, 3), speeds: measured.map((_, k) => speed(k)) };
}

/** Hosts in the report part's input at scale 1: the spec's "a report of 100,000 hosts". */
const REPORT_HOSTS = 100_000;

/**
 * A text for the report's filter that matches a few hosts, and how many, from the scan log itself
 * (not from the report): an IP from the middle of the address range with a three-digit last octet,
 * less its last digit ("10.100.52.21" matches .21 and .210-.219 of those listed). The log's messages
 * name only their own IP, and hostnames are written with dashes, so no other host matches.
 */
function textQuery(csvText) {
  const ips = new Set();
  for (const line of csvText.split("\n").slice(1)) if (line.trim()) ips.add(line.split(",", 2)[1]);
  const num = (ip) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const sorted = [...ips].sort((a, b) => num(a) - num(b));
  const from = sorted.length >> 1;
  const pick = [...sorted.slice(from), ...sorted.slice(0, from)].find((ip) => Number(ip.split(".")[3]) >= 100);
  if (!pick) throw new Error("report: no IP with a three-digit last octet in the scan log to filter by");
  const query = pick.slice(0, -1);
  const rows = sorted.filter((ip) => ip === query || (ip.startsWith(query) && ip.length === query.length + 1)).length;
  return { query, queryPrefix: query, queryRows: rows };
}

/**
 * report: `scantriage report LOG -o bench/data/report-100k.html` of a scan log listing 100,000
 * distinct IPs, and `scantriage summarize --format json LOG` beside it, in turn (the column is report
 * wall time / summarize wall time: what drawing the report costs over the summary). The report's key
 * figures and host data are checked against the summary and the generator; then the file is opened
 * in headless Chromium (bench/browser.mjs), or that step is skipped with a line saying why.
 */
async function benchReport(s) {
  const t0 = Date.now();
  const hosts = Math.max(100, Math.round(REPORT_HOSTS * s.scale));
  const title = `HTML report of ${fmt.int(hosts)} hosts`;
  process.stderr.write(`[bench] ${title}: preparing input...`);
  const gen = await generateScanLogCsv({ ips: hosts });
  const file = relative(ROOT, gen.path);
  process.stderr.write(gen.generated ? ` generated ${file} (${fmt.mb(gen.bytes)} MB) in ${gen.seconds.toFixed(1)} s\n` : ` cached ${file} (${fmt.mb(gen.bytes)} MB)\n`);
  await warmPageCache(gen.path);
  const out = join("bench", "data", hosts % 1000 === 0 ? `report-${hosts / 1000}k.html` : `report-${hosts}.html`);
  const input = {
    kind: "report",
    title,
    file,
    bytes: gen.bytes,
    detail: `scan-log CSV of ${fmt.int(gen.expected.records)} rows, ${fmt.int(gen.expected.ips)} distinct IPs`,
    explain: `No baseline: \`report ${file} -o ${out}\` is compared with \`summarize --format json\` of the same file (the column is report wall time / summarize wall time).`,
    ratioHead: "vs summarize",
    rows: [],
    notes: [],
    problems: [],
    tables: [],
    htmlBytes: null,
    browser: null,
    browserSkipped: null,
  };
  process.stderr.write(`[bench]   scantriage report and scantriage summarize, ${s.runs} run(s) each, in turn...\n`);
  const [rep, sum] = await measureInterleaved(
    [
      { cmd: NODE, args: [CLI, "report", file, "-o", out] },
      { cmd: NODE, args: [CLI, "summarize", "--format", "json", file] },
    ],
    { runs: s.runs, cwd: ROOT },
  );
  const sumJson = sum.ok ? parseJson(sum.last.stdout) : null;
  if (!rep.ok) input.problems.push(`scantriage report exited with ${rep.last.code ?? rep.last.signal}: ${firstLines(rep.last.stderr)}`);
  if (!sum.ok) input.problems.push(`scantriage summarize exited with ${sum.last.code ?? sum.last.signal}: ${firstLines(sum.last.stderr)}`);
  else if (!sumJson) input.problems.push("scantriage summarize printed no JSON summary");
  let report = null;
  if (rep.ok) {
    const path = join(ROOT, out);
    input.htmlBytes = statSync(path).size;
    input.detail += `; the report \`${out}\`: ${fmt.mb(input.htmlBytes)} MB`;
    report = readReport(readFileSync(path, "utf8"));
    if (sumJson) input.problems.push(...checkReport(report, sumJson, gen.expected));
    if (rep.last.stderr.trim()) input.notes.push(`scantriage report warnings: ${firstLines(rep.last.stderr, 3)}`);
  }
  input.rows.push({ tool: `scantriage report -o ${out}`, wallS: rep.ok ? rep.wallS : null, rssBytes: rep.ok ? rep.rssBytes : null, ratio: rep.ok && sum.ok ? rep.wallS / sum.wallS : null });
  input.rows.push({ tool: "scantriage summarize --format json", wallS: sum.ok ? sum.wallS : null, rssBytes: sum.ok ? sum.rssBytes : null, ratio: null });
  if (s.runs > 1) input.notes.push(`wall times (s): report ${rep.walls.map((w) => w.toFixed(2)).join(", ")}; summarize ${sum.walls.map((w) => w.toFixed(2)).join(", ")}`);

  if (report?.data) {
    const why = await browserUnavailable();
    if (why) {
      input.browserSkipped = why;
      input.notes.push(`browser step skipped: ${why}`);
      process.stderr.write(`[bench]   browser step SKIPPED: ${why}\n`);
    } else {
      process.stderr.write(`[bench]   opening ${out} in headless Chromium (${chromiumPath()})...\n`);
      const d = report.data;
      const expect = {
        rows: d.rows.length,
        notScannedRows: d.rows.filter((r) => d.statuses[r[4]]?.[1] === "Not Scanned").length,
        ...textQuery(readFileSync(gen.path, "utf8")),
      };
      try {
        const b = await measureReportInBrowser(join(ROOT, out), expect, { runs: s.runs });
        input.browser = { ...b.figures, query: expect.query };
        input.problems.push(...b.problems);
        input.notes.push(...b.notes);
        input.tables.push(browserTable(input.browser));
        if (b.perRun.length > 1) input.notes.push(`in Chromium, ${b.perRun.length} openings (medians above; longest tasks: the highest): first rows drawn at ${b.perRun.map((f) => fmt.ms(f.firstFrameS)).join(", ")} ms`);
        const f = input.browser;
        if (f.jsHeapBytes !== null) input.notes.push(`in Chromium after load: JS heap used ${fmt.mb(f.jsHeapBytes)} MB, ${fmt.int(f.domNodes ?? 0)} DOM nodes; no console error, page error or request other than file: seen: ${f.errors === 0 && f.requests === 0 ? "yes" : "NO"}`);
      } catch (err) {
        input.problems.push(`in Chromium: ${String(err.message ?? err).split("\n")[0]}`);
      }
    }
  } else if (rep.ok) input.problems.push("the report has no readable host data: the browser step was not run");
  process.stderr.write(`[bench]   done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { ...input, reportRun: rep, summarizeRun: sum };
}

/** A browser step's time for the goals: in the page (input event to the redrawn frame), else from Node. */
function stepS(x) {
  return x.pageS ?? x.wallS;
}

/**
 * The browser figures of the report part as a table. "in the page": from navigation start (load),
 * or from the input event, before the page's handlers, to the frame that shows the redraw;
 * "from Node": from the Playwright call (page.goto, selectOption, fill, click) to its answer.
 */
function browserTable(f) {
  const probe = (x) => `longest page.evaluate round trip meanwhile ${fmt.ms(x.probeS)} ms`;
  const rows = (x) => `${fmt.int(x.count ?? 0)} rows`;
  const step = (label, x, detail) => [label, fmt.ms(x.pageS), fmt.ms(x.wallS), `${rows(x)}; ${detail ? `${detail}; ` : ""}${probe(x)}`];
  return {
    head: ["in headless Chromium", "ms in the page", "ms from Node", "detail"],
    align: ["l", "r", "r", "l"],
    rows: [
      ["page loaded (load event end)", fmt.ms(f.loadS), fmt.ms(f.gotoLoadS), `DOMContentLoaded at ${fmt.ms(f.domContentLoadedS)} ms`],
      ["first rows drawn (the frame after #hosts-body was filled)", fmt.ms(f.firstFrameS), "-", `rows inserted at ${fmt.ms(f.firstRowsS)} ms; a table of ${fmt.int(f.tableRows ?? 0)} rows`],
      step('category filter "Not Scanned" redrawn', f.category),
      step("category filter back to all redrawn", f.clear),
      step(`text filter "${f.query}" redrawn`, f.text, "includes the page's typing debounce"),
      step("sort by Status (every row) redrawn", f.sort),
      ["longest task during load", f.longTaskTimingAvailable ? fmt.ms(f.longestLoadTaskS) : "-", "-", `${f.longTasks} long task(s) (> 50 ms) in all`],
      ["longest task after load (filters, sort)", f.longTaskTimingAvailable ? fmt.ms(f.longestAfterLoadTaskS) : "-", "-", "PerformanceObserver longtask, installed before the page's script"],
    ],
  };
}

/**
 * Startup: the commands are run in turn (A B C A B C ...), not in blocks, so that a burst of
 * load from elsewhere on the machine hits all of them alike; medians are compared.
 */
async function benchStartup(s) {
  process.stderr.write(`[bench] startup (${s.startupRuns} runs each, interleaved)...\n`);
  const env = { ...process.env, NO_COLOR: "1" };
  const commands = [
    { command: "node -e 0", cmd: NODE, args: ["-e", "0"] },
    { command: "scantriage --version", cmd: NODE, args: [CLI, "--version"] },
    { command: "scantriage summarize examples/scan-log.csv", cmd: NODE, args: [CLI, "summarize", "examples/scan-log.csv"] },
  ];
  const problems = [];
  const walls = commands.map(() => []);
  const rss = commands.map(() => []);
  for (const c of commands) await runOnce(c.cmd, c.args, { cwd: ROOT, env });
  for (let i = 0; i < s.startupRuns && problems.length === 0; i++) {
    for (const [k, c] of commands.entries()) {
      const r = await runOnce(c.cmd, c.args, { cwd: ROOT, env });
      if (r.code !== 0) problems.push(`${c.command} exited with ${r.code ?? r.signal}: ${firstLines(r.stderr)}`);
      walls[k].push(r.wallS);
      if (r.rssBytes !== null) rss[k].push(r.rssBytes);
    }
  }
  const rows = commands.map((c, k) => ({ command: c.command, wallS: median(walls[k]), rssBytes: rss[k].length > 0 ? Math.max(...rss[k]) : null }));
  for (const r of rows) r.ratio = r.wallS / rows[0].wallS;
  return { runs: s.startupRuns, warmup: 1, rows, problems };
}

function goals(inputs, startup, s) {
  const out = [];
  /** A goal of one part: listed under Goals and under that part's table. */
  const goal = (input, g) => {
    out.push(g);
    (input.goals ??= []).push(g);
  };
  const quickNote = s.scale === 1 ? "" : ` (scale ${s.scale}: not the goal's sizes)`;
  const scanAt = (gb) => inputs.find((i) => i.kind === "scan" && i.gb === gb && i.problems.length === 0);
  const rss = (i) => i.rows[0].rssBytes;
  const verdict = (ok) => (ok === null ? "N/A" : ok ? "MET" : "MISSED");
  const scan1 = scanAt(1);
  if (scan1) {
    const ratio = scan1.rows[0].ratio;
    goal(scan1, { status: verdict(ratio >= 1.5), text: `SCAN ${fmt.mb(scan1.bytes)} MB throughput >= 1.5x ElementTree: ${fmt.ratio(ratio)}${quickNote}` });
    const r1 = rss(scan1);
    goal(scan1, { status: verdict(r1 === null ? null : r1 < 200e6), text: `SCAN ${fmt.mb(scan1.bytes)} MB peak RSS < 200 MB: ${fmt.mb(r1)} MB${r1 !== null && r1 >= 200e6 ? ` (over by ${fmt.mb(r1 - 200e6)} MB)` : ""}${quickNote}` });
    // The issue "fleets": one large SCAN split at record boundaries and parsed on all cores.
    const cores = `${cpus().length} cores here`;
    goal(scan1, { status: verdict(ratio >= 3), text: `(issue "fleets") SCAN ${fmt.mb(scan1.bytes)} MB at >= 3x ElementTree on a 2-core machine (${cores}): ${fmt.ratio(ratio)} (${fmt.s(scan1.rows[0].wallS)} s vs ${fmt.s(scan1.rows[1].wallS)} s)${quickNote}` });
    goal(scan1, { status: verdict(r1 === null ? null : r1 < 250e6), text: `(issue "fleets") SCAN ${fmt.mb(scan1.bytes)} MB peak RSS < 250 MB, memory still flat: ${fmt.mb(r1)} MB${quickNote}` });
  } else {
    out.push({ status: "N/A", text: "SCAN 1 GB: not measured (or its answer was wrong)" });
    out.push({ status: "N/A", text: '(issue "fleets") SCAN 1 GB at >= 3x ElementTree, < 250 MB: not measured (or its answer was wrong)' });
  }
  const scan2 = scanAt(2);
  if (scan2) {
    const r2 = rss(scan2);
    const growth = scan1 && rss(scan1) ? ` (${fmt.mb(rss(scan1))} MB at 1 GB, ${(((r2 - rss(scan1)) / rss(scan1)) * 100).toFixed(0)}% more)` : "";
    goal(scan2, { status: verdict(r2 === null ? null : r2 < 200e6), text: `SCAN ${fmt.mb(scan2.bytes)} MB peak RSS stays flat, < 200 MB: ${fmt.mb(r2)} MB${growth}${quickNote}` });
  } else out.push({ status: "N/A", text: "SCAN 2 GB flat memory: not measured (run with BENCH_SCAN_GB=1,2)" });
  // diff of two rounds of the 1 GB SCAN: flat memory, and within 2.5x of summarizing one file.
  const diff = inputs.find((i) => i.kind === "diff" && i.problems.length === 0);
  if (diff) {
    const r = rss(diff);
    const files = `${fmt.mb(diff.beforeBytes)} + ${fmt.mb(diff.afterBytes)} MB`;
    out.push({ status: verdict(r === null ? null : r < 500e6), text: `diff of two SCAN files (${files}) peak RSS < 500 MB: ${fmt.mb(r)} MB${r !== null && r >= 500e6 ? ` (over by ${fmt.mb(r - 500e6)} MB)` : ""}${quickNote}` });
    const ratio = diff.rows[0].ratio;
    out.push({ status: verdict(ratio <= 2.5), text: `diff wall time within 2.5x of summarizing one file: ${fmt.ratio(ratio)} (${fmt.s(diff.rows[0].wallS)} s vs ${fmt.s(diff.rows[1].wallS)} s)${quickNote}` });
  } else out.push({ status: "N/A", text: "diff of two SCAN files: not measured (or its answer was wrong)" });
  // The issue "fleets": many files no slower per byte than one large file, side by side in one run.
  const fleet = inputs.find((i) => i.kind === "fleet" && i.problems.length === 0);
  if (fleet) {
    const [a, , , d] = fleet.speeds;
    goal(fleet, {
      status: verdict(fleet.perByte === null ? null : fleet.perByte >= 1),
      text:
        `(issue "fleets") ${fleet.fleetFiles} inputs of ~${fmt.mb(fleet.fleetBytes / fleet.fleetFiles)} MB no slower per byte than one ${fmt.mb(fleet.bigBytes)} MB input: ` +
        `(a) ${a === null ? "-" : (a / 1e6).toFixed(1)} MB/s vs (d) ${d === null ? "-" : (d / 1e6).toFixed(1)} MB/s, ${fmt.ratio(fleet.perByte)}${quickNote}`,
    });
  } else out.push({ status: "N/A", text: '(issue "fleets") 200 inputs of 5 MB vs one 1 GB input: not measured (or an answer was wrong)' });
  const csv = inputs.find((i) => i.kind === "csv" && i.problems.length === 0);
  if (csv) out.push({ status: verdict(csv.rows[0].ratio >= 1), text: `CSV at least as fast as Python's csv module: ${fmt.ratio(csv.rows[0].ratio)}${quickNote}` });
  else out.push({ status: "N/A", text: "CSV: not measured (or its answer was wrong)" });
  // The finding lists: flat memory and at least the speed of the Python standard library on the same file.
  for (const [kind, name, python] of [
    ["json", "Scan results JSON", "json.load"],
    ["findings", "VM report CSV", "csv.DictReader"],
  ]) {
    const input = inputs.find((i) => i.kind === kind && i.problems.length === 0);
    if (!input) {
      out.push({ status: "N/A", text: `${name}: not measured (or its answer was wrong)` });
      continue;
    }
    const r = rss(input);
    out.push({ status: verdict(r === null ? null : r < 200e6), text: `${name} ${fmt.mb(input.bytes)} MB peak RSS < 200 MB: ${fmt.mb(r)} MB${r !== null && r >= 200e6 ? ` (over by ${fmt.mb(r - 200e6)} MB)` : ""}${quickNote}` });
    out.push({ status: verdict(input.rows[0].ratio >= 1), text: `${name} at least as fast as Python's ${python}: ${fmt.ratio(input.rows[0].ratio)}${quickNote}` });
  }
  // The report of 100,000 hosts (spec: written in seconds, a few tens of MB, opens and filters without freezing).
  const rep = inputs.find((i) => i.kind === "report" && i.problems.length === 0);
  if (rep) {
    const w = rep.rows[0].wallS;
    out.push({ status: verdict(w < 10), text: `report of ${rep.title.replace(/^HTML report of /, "")} written in < 10 s: ${fmt.s(w)} s (summarize of the same file ${fmt.s(rep.rows[1].wallS)} s)${quickNote}` });
    out.push({ status: verdict(rep.htmlBytes < 50e6), text: `report file < 50 MB: ${fmt.mb(rep.htmlBytes)} MB${quickNote}` });
    const b = rep.browser;
    if (b) {
      out.push({ status: verdict(b.firstFrameS < 3), text: `report's first rows drawn in Chromium in < 3 s: ${fmt.s(b.firstFrameS)} s${quickNote}` });
      const steps = [["category", b.category], ["cleared", b.clear], ["text", b.text], ["sort", b.sort]];
      out.push({ status: verdict(steps.every(([, x]) => stepS(x) < 1)), text: `report's filters and sort redrawn in < 1 s each (input event to frame): ${steps.map(([k, x]) => `${k} ${fmt.s(stepS(x))} s`).join(", ")}${quickNote}` });
      out.push({
        status: b.longTaskTimingAvailable ? verdict(b.longestAfterLoadTaskS < 1) : "N/A",
        text: `report: no task over 1 s after load (the page never freezes): longest ${b.longTaskTimingAvailable ? `${fmt.s(b.longestAfterLoadTaskS)} s` : "not measured"} (during load ${fmt.s(b.longestLoadTaskS)} s)${quickNote}`,
      });
    } else out.push({ status: "N/A", text: `report in Chromium: not measured (${rep.browserSkipped ?? "browser step failed"})` });
  } else out.push({ status: "N/A", text: "report: not measured (or its answer was wrong)" });
  if (startup && startup.problems.length === 0) {
    for (const r of startup.rows.slice(1)) {
      out.push({ status: verdict(r.ratio <= 1.5), text: `startup \`${r.command}\` within 1.5x of \`node -e 0\`: ${fmt.ratio(r.ratio)} (${fmt.ms(r.wallS)} ms vs ${fmt.ms(startup.rows[0].wallS)} ms)` });
    }
  } else out.push({ status: "N/A", text: "startup: not measured (or a command failed)" });
  return out;
}

async function main() {
  const s = settings(process.argv.slice(2), process.env);
  if (!existsSync(bundleOf(s.cli))) throw new Error(`${relative(ROOT, bundleOf(s.cli))} is missing: run \`npm run build\` (npm run bench does it)`);
  CLI = s.snapshot ? takeSnapshot() : s.cli;
  const m = machine(s.python);
  m.build = buildText(CLI, s.snapshot ? ROOT : null);
  process.stderr.write(`[bench] scantriage: ${m.build}\n`);
  if (!hasGnuTime()) process.stderr.write("[bench] /usr/bin/time (GNU) not found: peak RSS will be empty. Install it with `apt-get install time`.\n");

  const specs = [];
  if (s.only.has("scan")) {
    for (const gb of s.scanGb) {
      specs.push({
        kind: "scan",
        gb,
        title: `Qualys SCAN, ${gb} GB class`,
        generate: () => generateScanXml({ scale: s.scale * gb }),
        detail: (e) => `${fmt.int(e.records)} hosts, ${fmt.int(e.confirmed)} confirmed findings, ${fmt.int(e.ips)} target IPs`,
        baseline: "scan_iterparse.py",
        baselineLabel: "python3 ElementTree.iterparse + clear()",
        check: checkScan,
      });
    }
  }
  // Run after the SCAN (its round-1 file is the same one), by benchDiff.
  if (s.only.has("diff")) specs.push({ kind: "diff", run: () => benchDiff(s) });
  if (s.only.has("fleet")) specs.push({ kind: "fleet", run: () => benchFleet(s) });
  if (s.only.has("asset")) {
    specs.push({
      kind: "asset",
      title: "Qualys ASSET_DATA_REPORT",
      generate: () => generateAssetReport({ scale: s.scale }),
      detail: (e) => `${fmt.int(e.records)} hosts, ${fmt.int(e.confirmed)} open confirmed findings, glossary of ${fmt.int(e.glossaryQids)} QIDs`,
      baseline: "asset_iterparse.py",
      baselineLabel: "python3 ElementTree.iterparse + clear()",
      check: checkAsset,
    });
  }
  if (s.only.has("csv")) {
    specs.push({
      kind: "csv",
      title: "Scan-log CSV",
      generate: () => generateScanLogCsv({ scale: s.scale }),
      detail: (e) => `${fmt.int(e.records)} rows, ${fmt.int(e.ips)} distinct IPs`,
      baseline: "scanlog_csv.py",
      baselineLabel: "python3 csv.DictReader",
      check: checkCsv,
      // 120 MB at scale 1: split and parsed on all cores by default (docs/fleets.md).
      jobs1: true,
    });
  }
  // The finding lists are read with the documented `summarize --format json FILE`.
  const formatJson = (file) => ["summarize", "--format", "json", file];
  if (s.only.has("json")) {
    specs.push({
      kind: "json",
      title: "Qualys scan results, JSON",
      generate: () => generateScanJson({ scale: s.scale }),
      detail: (e) =>
        `${fmt.int(e.hostsWithResults)} hosts with results, ${fmt.int(e.findings)} findings (${fmt.int(e.findingsByType.Vuln)} Vuln, ` +
        `${fmt.int(e.findingsByType.Practice)} Practice, ${fmt.int(e.findingsByType.Ig)} Ig), ${fmt.int(e.ips)} target IPs`,
      baseline: "scan_json.py",
      baselineLabel: "python3 json.load",
      stArgs: formatJson,
      stLabel: "scantriage summarize --format json",
      check: checkScanJson,
    });
  }
  if (s.only.has("findings")) {
    specs.push({
      kind: "findings",
      title: "Qualys VM report CSV (one row per finding)",
      generate: () => generateFindingCsv({ scale: s.scale }),
      detail: (e) => `${fmt.int(e.records)} rows, ${fmt.int(e.ips)} distinct IPs, ${fmt.int(e.confirmed)} open confirmed findings`,
      baseline: "finding_csv.py",
      baselineLabel: "python3 csv.DictReader",
      stArgs: formatJson,
      stLabel: "scantriage summarize --format json",
      check: checkFindingCsv,
    });
  }

  if (s.only.has("report")) specs.push({ kind: "report", run: () => benchReport(s) });

  const inputs = [];
  for (const spec of specs) inputs.push(spec.run ? await spec.run() : await benchInput(spec, s));
  const startup = s.only.has("startup") ? await benchStartup(s) : null;

  m.loadEnd = loadText();
  const res = {
    date: new Date().toISOString().slice(0, 10),
    machine: m,
    configLine: `Settings: scale ${s.scale}${s.quick ? " (quick)" : ""}, SCAN sizes ${s.scanGb.join(", ")} GB-class, ${s.runs} run(s) per input, ${s.startupRuns} per startup command.`,
    inputs,
    startup,
    goals: goals(inputs, startup, s),
  };
  const markdown = renderMarkdown(res);
  // Only a run of every part (PARTS: the diff and the report too, the report's browser step
  // included) at the goal sizes replaces the committed bench/results.md; smoke tests and partial
  // runs go to bench/data/ (not committed).
  const browserSkipped = inputs.find((i) => i.kind === "report" && i.browserSkipped);
  const everyPart = !s.quick && s.scale === 1 && PARTS.every((k) => s.only.has(k));
  const complete = everyPart && !browserSkipped;
  if (everyPart && browserSkipped) {
    process.stderr.write("[bench] the report's browser step was skipped: the results go to bench/data/results-partial.md, not bench/results.md\n");
  }
  const resultsFile = complete ? join("bench", "results.md") : join("bench", "data", "results-partial.md");
  console.log(renderText(res));
  console.log(`\n---- Markdown (also written to ${resultsFile}) ----\n`);
  console.log(markdown);
  mkdirSync(dirname(join(ROOT, resultsFile)), { recursive: true });
  writeFileSync(join(ROOT, resultsFile), markdown);

  const failed = inputs.some((i) => i.problems.length > 0) || (startup && startup.problems.length > 0);
  if (failed) {
    console.error("\n!! The benchmark found wrong answers or failed commands (see MISMATCH / FAILED above): its timings are not valid.");
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(`[bench] ${err.stack ?? err}`);
  process.exitCode = 2;
});
