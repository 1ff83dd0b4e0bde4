#!/usr/bin/env node
/**
 * npm run bench: generate the synthetic inputs (cached in bench/data/), run `scantriage summarize`
 * and the Python standard-library baseline on each, check that their answers agree, run
 * `scantriage diff` of two rounds of the SCAN beside `summarize` of one, measure startup against
 * `node -e 0`, and print the results as text and Markdown (also bench/results.md for a complete
 * run at the goal sizes, else bench/data/results-partial.md).
 *
 * Settings (flag or environment variable):
 *   --quick        BENCH_QUICK=1         tiny inputs (scale 1/50), for a smoke test
 *   --scale N      BENCH_SCALE=N         size factor of every input (default 1: ~1 GB SCAN, ~200 MB report, 1M CSV rows,
 *                                        ~1 GB scan results JSON, 1M-row VM report CSV)
 *   --scan-gb L    BENCH_SCAN_GB=L       SCAN sizes in GB at scale 1, comma-separated (default 1; "1,2" adds the 2 GB check)
 *   --runs N       BENCH_RUNS=N          measured runs per large input (default 1; the median is reported)
 *   --startup-runs N BENCH_STARTUP_RUNS=N measured runs per startup command (default 10)
 *   --only LIST    BENCH_ONLY=LIST       any of scan,diff,asset,csv,json,findings,startup (default all)
 *                  BENCH_PYTHON=python3  the Python used for the baselines
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type, release } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkAsset, checkCsv, checkDiff, checkFindingCsv, checkScan, checkScanJson } from "./checks.mjs";
import { generateAssetReport } from "./generate-asset-report.mjs";
import { generateFindingCsv } from "./generate-finding-csv.mjs";
import { generateScanJson } from "./generate-scan-json.mjs";
import { generateScanLogCsv } from "./generate-scan-log-csv.mjs";
import { generateScanXml } from "./generate-scan-xml.mjs";
import { hasGnuTime, measureInterleaved, median, runOnce, warmPageCache } from "./measure.mjs";
import { fmt, renderMarkdown, renderText } from "./report.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NODE = process.execPath;
const CLI = "bin/scantriage.cjs";
/** Every part of the benchmark, in the order they run; --only picks among them (default: all). */
const PARTS = ["scan", "diff", "asset", "csv", "json", "findings", "startup"];

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
  };
  if (!(s.scale > 0) || s.scanGb.some((g) => !(g > 0)) || !(s.runs >= 1) || !(s.startupRuns >= 1)) {
    throw new Error(`bad settings: ${JSON.stringify({ ...s, only: [...s.only] })}`);
  }
  const unknown = [...s.only].filter((p) => !PARTS.includes(p));
  if (unknown.length > 0) throw new Error(`unknown --only part(s) ${unknown.join(", ")}; choose among ${PARTS.join(", ")}`);
  return s;
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
  const [st, base] = await measureInterleaved(
    [
      { cmd: NODE, args: [CLI, ...stArgs] },
      { cmd: s.python, args: [join("bench", "baselines", spec.baseline), file] },
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
  input.rows.push({ tool: spec.stLabel ?? "scantriage summarize --json", wallS: st.ok ? st.wallS : null, rssBytes: st.ok ? st.rssBytes : null, ratio });
  input.rows.push({ tool: spec.baselineLabel, wallS: base.ok ? base.wallS : null, rssBytes: base.ok ? base.rssBytes : null, ratio: null });
  if (s.runs > 1) input.notes.push(`wall times (s): scantriage ${st.walls.map((w) => w.toFixed(2)).join(", ")}; baseline ${base.walls.map((w) => w.toFixed(2)).join(", ")}`);
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
  const quickNote = s.scale === 1 ? "" : ` (scale ${s.scale}: not the goal's sizes)`;
  const scanAt = (gb) => inputs.find((i) => i.kind === "scan" && i.gb === gb && i.problems.length === 0);
  const rss = (i) => i.rows[0].rssBytes;
  const verdict = (ok) => (ok === null ? "N/A" : ok ? "MET" : "MISSED");
  const scan1 = scanAt(1);
  if (scan1) {
    const ratio = scan1.rows[0].ratio;
    out.push({ status: verdict(ratio >= 1.5), text: `SCAN ${fmt.mb(scan1.bytes)} MB throughput >= 1.5x ElementTree: ${fmt.ratio(ratio)}${quickNote}` });
    const r1 = rss(scan1);
    out.push({ status: verdict(r1 === null ? null : r1 < 200e6), text: `SCAN ${fmt.mb(scan1.bytes)} MB peak RSS < 200 MB: ${fmt.mb(r1)} MB${r1 !== null && r1 >= 200e6 ? ` (over by ${fmt.mb(r1 - 200e6)} MB)` : ""}${quickNote}` });
  } else out.push({ status: "N/A", text: "SCAN 1 GB: not measured (or its answer was wrong)" });
  const scan2 = scanAt(2);
  if (scan2) {
    const r2 = rss(scan2);
    const growth = scan1 && rss(scan1) ? ` (${fmt.mb(rss(scan1))} MB at 1 GB, ${(((r2 - rss(scan1)) / rss(scan1)) * 100).toFixed(0)}% more)` : "";
    out.push({ status: verdict(r2 === null ? null : r2 < 200e6), text: `SCAN ${fmt.mb(scan2.bytes)} MB peak RSS stays flat, < 200 MB: ${fmt.mb(r2)} MB${growth}${quickNote}` });
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
  if (startup && startup.problems.length === 0) {
    for (const r of startup.rows.slice(1)) {
      out.push({ status: verdict(r.ratio <= 1.5), text: `startup \`${r.command}\` within 1.5x of \`node -e 0\`: ${fmt.ratio(r.ratio)} (${fmt.ms(r.wallS)} ms vs ${fmt.ms(startup.rows[0].wallS)} ms)` });
    }
  } else out.push({ status: "N/A", text: "startup: not measured (or a command failed)" });
  return out;
}

async function main() {
  const s = settings(process.argv.slice(2), process.env);
  if (!existsSync(join(ROOT, "dist", "main.cjs"))) throw new Error("dist/ is missing: run `npm run build` (npm run bench does it)");
  const m = machine(s.python);
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
  // Only a run of every part (PARTS: the diff too) at the goal sizes replaces the committed
  // bench/results.md; smoke tests and partial runs go to bench/data/ (not committed).
  const complete = !s.quick && s.scale === 1 && PARTS.every((k) => s.only.has(k));
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
