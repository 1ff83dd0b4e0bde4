#!/usr/bin/env node
/**
 * Measures our JSON array splitter (src/parse/json/json-array-splitter.ts: find where each element
 * of the top-level array starts and ends, JSON.parse it alone) against @streamparser/json (a
 * streaming tokenizer + parser, `paths: ["$.*"], keepStack: false`: one value per array element)
 * and Python's json.load, on generated Qualys scan results JSON (bench/generate-scan-json.mjs).
 * Each contender runs in its own child process so that its peak RSS is its own.
 *
 *   node bench/json-splitter-vs-streamparser.mjs [--scale 0.2] [--file F.json] [--runs 3] [--chunk 65536]
 *        [--impl path/to/json-array-splitter.mjs] [--no-python]
 *
 * Without --impl, the TypeScript source is bundled on the fly with esbuild (a devDependency, as in
 * scripts/build.mjs) into a temporary ES module. Without --file, the generator's cached file at that
 * scale is used (bench/data/, made when missing). Prints, per contender: best and median wall time,
 * MB/s at the best time, peak RSS (maxRSS of the child), elements and elements with a `qid` key
 * (which must agree across contenders: the run fails otherwise).
 */
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const chunkSize = Number(args.chunk ?? 65536);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) continue;
    const name = argv[i].slice(2);
    if (name.startsWith("no-")) out[name] = true;
    else out[name] = argv[++i];
  }
  return out;
}

/** Bundle the splitter's TypeScript source into a temporary ES module (its `const enum` is inlined). */
async function buildImpl() {
  const { build } = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "scantriage-json-bench-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, "json-array-splitter.mjs");
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/parse/json/json-array-splitter.ts"],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  return outfile;
}

async function main() {
  let file = args.file;
  if (!file) {
    const { generateScanJson } = await import("./generate-scan-json.mjs");
    const scale = Number(args.scale ?? 0.2);
    process.stderr.write(`[json-bench] scan results JSON at scale ${scale}...`);
    const gen = await generateScanJson({ scale });
    process.stderr.write(gen.generated ? ` generated in ${gen.seconds.toFixed(1)} s\n` : " cached\n");
    file = gen.path;
  }
  const impl = args.impl ?? (await buildImpl());
  const size = statSync(file).size;
  const runs = Number(args.runs ?? 3);
  for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 })); // page cache
  const contenders = [
    ["read only (baseline)", "read"],
    ["ours: JsonArraySplitter + JSON.parse", "ours"],
    ["@streamparser/json JSONParser $.*", "streamparser"],
  ];
  const rows = [];
  for (const [label, kind] of contenders) {
    process.stderr.write(`[json-bench] ${label}, ${runs} run(s)...\n`);
    rows.push(measure(label, () => nodeChild(kind, file, impl), runs));
  }
  if (!args["no-python"] && spawnSync("python3", ["--version"]).status === 0) {
    process.stderr.write(`[json-bench] python3 json.load, ${runs} run(s)...\n`);
    rows.push(measure("python3 json.load (whole file)", () => pythonChild(file), runs));
  }
  console.log(`file: ${file} (${(size / 1e6).toFixed(1)} MB), chunk ${chunkSize} bytes, ${runs} runs each, node ${process.version}`);
  console.log("contender                              best s  median s  MB/s(best)  peak RSS MB   elements  with qid");
  for (const r of rows) {
    const mbps = size / 1e6 / (r.best / 1000);
    console.log(
      `${r.label.padEnd(38)} ${(r.best / 1000).toFixed(2).padStart(6)} ${(r.median / 1000).toFixed(2).padStart(9)} ${mbps.toFixed(0).padStart(11)} ${r.rssMb.toFixed(0).padStart(12)} ${String(r.elements ?? "-").padStart(10)} ${String(r.qids ?? "-").padStart(9)}`,
    );
  }
  const counts = new Set(rows.filter((r) => r.elements !== undefined).map((r) => `${r.elements}/${r.qids}`));
  if (counts.size !== 1) {
    console.error(`!! MISMATCH: contenders disagree on elements / elements with qid: ${[...counts].join(", ")}`);
    process.exitCode = 1;
  }
}

/** Best and median wall time over `runs` (the best is the least disturbed by other load). */
function measure(label, run, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(run());
  results.sort((a, b) => a.ms - b.ms);
  const { elements, qids } = results[0];
  const rssMb = Math.max(...results.map((r) => r.rssMb));
  return { label, best: results[0].ms, median: results[Math.floor(results.length / 2)].ms, rssMb, elements, qids };
}

function nodeChild(kind, file, impl) {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", kind, "--file", file, "--chunk", String(chunkSize), "--impl", impl], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`${kind} failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

const PYTHON = `
import json, resource, sys, time
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
qids = sum(1 for o in data if isinstance(o, dict) and "qid" in o)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({"ms": ms, "elements": len(data), "qids": qids, "rssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

function pythonChild(file) {
  const out = spawnSync("python3", ["-c", PYTHON, file], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`python3 failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

const hasQid = (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, "qid");

/** One contender, timed from the first read to the last element. Prints one JSON line. */
async function runChild(kind, file, impl) {
  const start = performance.now();
  let elements;
  let qids;
  if (kind === "read") {
    for await (const _chunk of createReadStream(file, { highWaterMark: chunkSize }));
  } else if (kind === "ours") {
    const { JsonArraySplitter } = await import(pathToFileURL(impl).href);
    elements = 0;
    qids = 0;
    const splitter = new JsonArraySplitter(
      (value) => {
        elements++;
        if (hasQid(value)) qids++;
      },
      { maxElementBytes: 64 * 1024 * 1024 },
    );
    for await (const chunk of createReadStream(file, { highWaterMark: chunkSize })) splitter.write(chunk);
    splitter.end();
  } else if (kind === "streamparser") {
    const { JSONParser } = await import("@streamparser/json");
    elements = 0;
    qids = 0;
    const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
    parser.onValue = ({ value }) => {
      elements++;
      if (hasQid(value)) qids++;
    };
    parser.onError = (err) => {
      throw err;
    };
    for await (const chunk of createReadStream(file, { highWaterMark: chunkSize })) parser.write(chunk);
    // The parser ends by itself after the top-level value; end() then would be an error.
    if (!parser.isEnded) parser.end();
  } else {
    throw new Error(`unknown contender ${kind}`);
  }
  const ms = performance.now() - start;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, elements, qids, rssMb })}\n`);
}

if (args.child) await runChild(args.child, args.file, args.impl);
else await main();
