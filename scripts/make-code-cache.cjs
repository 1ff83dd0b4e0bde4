"use strict";
/**
 * Part of `npm run build`: writes dist/main.cjs.cache, the V8 code cache bin/load-bundle.cjs loads
 * the bundle with. V8 puts in a cache only the functions compiled so far, so the bundle first runs
 * the commands a small run uses (on the bundled examples, output discarded): their code is then in
 * the cache and a real run skips compiling it.
 */
const { renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { compileBundle, runBundle, cacheFileContent, CACHE } = require("../bin/load-bundle.cjs");

const EXAMPLES = join(__dirname, "..", "examples");
const WARM_UP = [
  ["summarize", join(EXAMPLES, "scan-log.csv")],
  ["summarize", join(EXAMPLES, "qualys-scan.xml")],
  ["summarize", "--json", join(EXAMPLES, "scan-log.csv")],
  ["hosts", join(EXAMPLES, "qualys-scan.xml")],
];

async function main() {
  const { script, source } = compileBundle(false);
  const bundle = runBundle(script);
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  // The examples' warnings are expected; stderr is shown only when a warm-up run fails.
  let stderr = "";
  process.stdout.write = () => true;
  process.stderr.write = (chunk) => ((stderr += String(chunk)), true);
  try {
    for (const args of WARM_UP) {
      stderr = "";
      await bundle.main([process.execPath, "scantriage", ...args]);
      if (process.exitCode) throw new Error(`warm-up run \`scantriage ${args.join(" ")}\` exited ${process.exitCode}\n${stderr}`);
    }
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  // Written whole, then renamed: an interrupted build leaves no half-written cache behind.
  const partial = `${CACHE}.partial`;
  writeFileSync(partial, cacheFileContent(source, script.createCachedData()));
  renameSync(partial, CACHE);
}

main().catch((err) => {
  process.stderr.write(`make-code-cache: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
