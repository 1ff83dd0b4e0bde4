// Build: bundle src/ into dist/main.cjs with esbuild, then make its V8 code cache
// (scripts/make-code-cache.cjs). One CommonJS bundle instead of ~90 ES modules: Node's module
// loader was half of a small run's time, and ES module loading and facades for Node's built-ins
// cost another ~7 ms that a CommonJS file does not (see README, Performance). The source is ES
// modules; only the shipped bundle is CommonJS. Type checking is separate (`npm run typecheck`).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
rmSync(new URL("dist", root), { recursive: true, force: true });

/** commander's node:child_process, loaded on first use instead of at start (scripts/shims/). */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    const shim = fileURLToPath(new URL("scripts/shims/lazy-child-process.cjs", root));
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: shim } : undefined));
  },
};

await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/main.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // The source reads package.json through import.meta.url only when no version was set here.
  define: { __SCANTRIAGE_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__bundleUrl" },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // import() of a Node built-in (zlib, for gzip input only) becomes a lazy require: the bundle is
  // run through vm.Script (bin/load-bundle.cjs), which has no loader for import().
  supported: { "dynamic-import": false },
  plugins: [lazyChildProcess],
  logLevel: "warning",
});

const cache = spawnSync(process.execPath, [fileURLToPath(new URL("scripts/make-code-cache.cjs", root))], { stdio: "inherit" });
if (cache.status !== 0) process.exit(cache.status ?? 1);
