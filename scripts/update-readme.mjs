// Re-runs every example of the form "$ scantriage ..." (in a ``` block, no shell operators) in the
// README and the pages under docs/, and writes its real output back, so the documentation never shows
// stale output. test/e2e/readme.test.ts fails when someone forgets.
// Usage: npm run build && node scripts/update-readme.mjs
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const EXAMPLE = /```\n\$ scantriage ([^\n;|>]+)\n([\s\S]*?)```/g;

/** The files whose examples are checked: the README and every Markdown page in docs/, in a stable order. */
export function exampleFiles(root) {
  const docs = join(root, "docs");
  const pages = existsSync(docs) ? readdirSync(docs).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`) : [];
  return ["README.md", ...pages];
}

export function runExample(root, args) {
  const r = spawnSync(process.execPath, ["bin/scantriage.cjs", ...args.trim().split(/\s+/)], {
    cwd: root,
    encoding: "utf8",
    // What an 80-column terminal shows: tables are laid out for COLUMNS.
    env: { PATH: process.env.PATH, NO_COLOR: "1", COLUMNS: "80" },
  });
  // 0 and 1 (a failed gate) are runs. Anything else, or no output at all (a missing build crashes
  // with exit 1 too), must not become an empty example that a later broken build would match.
  if (r.error || (r.status !== 0 && r.status !== 1) || r.stdout.trim() === "") {
    throw new Error(`scantriage ${args.trim()}: exit ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ""}\n${r.stderr}`);
  }
  return r.stdout.trimEnd();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL("..", import.meta.url).pathname;
  for (const file of exampleFiles(root)) {
    const path = join(root, file);
    const text = readFileSync(path, "utf8");
    const updated = text.replace(EXAMPLE, (_all, args) => `\`\`\`\n$ scantriage ${args}\n${runExample(root, args)}\n\`\`\``);
    if (updated !== text) writeFileSync(path, updated);
    console.log(`${file}: ${updated === text ? "examples already current" : "examples updated"}`);
  }
}
