// Build: bundle src/ into dist/ with esbuild. One bundle (plus lazily loaded chunks for the run and
// each reporter) instead of ~90 ES modules: Node's module loader was half of a small run's time.
// Type checking is separate (`npm run typecheck`).
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
rmSync(new URL("dist", root), { recursive: true, force: true });

await build({
  absWorkingDir: root.pathname,
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist",
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // commander is CommonJS and requires Node built-ins; an ES module bundle needs a `require` for that.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { __SCANTRIAGE_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
