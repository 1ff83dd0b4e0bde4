// Re-runs every README example of the form "$ scantriage ..." (in a ``` block, no shell operators)
// and writes its real output back, so the README never shows stale output. test/e2e/readme.test.ts
// fails when someone forgets. Usage: npm run build && node scripts/update-readme.mjs
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

export const EXAMPLE = /```\n\$ scantriage ([^\n;|>]+)\n([\s\S]*?)```/g;

export function runExample(root, args) {
  const r = spawnSync(process.execPath, ["bin/scantriage.cjs", ...args.trim().split(/\s+/)], {
    cwd: root,
    encoding: "utf8",
    // What an 80-column terminal shows: tables are laid out for COLUMNS.
    env: { PATH: process.env.PATH, NO_COLOR: "1", COLUMNS: "80" },
  });
  return r.stdout.trimEnd();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL("..", import.meta.url).pathname;
  const path = `${root}README.md`;
  const text = readFileSync(path, "utf8");
  const updated = text.replace(EXAMPLE, (_all, args) => `\`\`\`\n$ scantriage ${args}\n${runExample(root, args)}\n\`\`\``);
  writeFileSync(path, updated);
  console.log(updated === text ? "README examples already current" : "README examples updated");
}
