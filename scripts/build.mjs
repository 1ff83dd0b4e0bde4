// Build: bundle src/ into dist/main.cjs with esbuild, then make its V8 code cache
// (scripts/make-code-cache.cjs). One CommonJS bundle instead of ~90 ES modules: Node's module
// loader was half of a small run's time, and ES module loading and facades for Node's built-ins
// cost another ~7 ms that a CommonJS file does not (see README, Performance). The source is ES
// modules; only the shipped bundle is CommonJS. Type checking is separate (`npm run typecheck`).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
rmSync(new URL("dist", root), { recursive: true, force: true });

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
  logLevel: "warning",
});

const cache = spawnSync(process.execPath, [fileURLToPath(new URL("scripts/make-code-cache.cjs", root))], { stdio: "inherit" });
if (cache.status !== 0) process.exit(cache.status ?? 1);
