/**
 * The map/reduce recipe of docs/fleets.md, run as written in a real shell on the built binary: the
 * map step with `xargs -P 2` (one `hosts --format ndjson` per input, parts named by a zero-padded
 * index so that their glob order is the inputs' order), then the reduce step `summarize
 * parts/*.ndjson`, whose summary must equal `summarize` over the inputs themselves.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { comparable } from "../helpers/map-reduce.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus");

/** A scan log per site; the sites share addresses, rescans at other times, and an unknown status. */
function siteLog(site: number): string {
  const rows = ["IP Address,Hostname,Status,Start Time,Scan Info"];
  for (let i = 1; i <= 40; i++) {
    const ip = `10.20.0.${(i * (site + 3)) % 30}`;
    const status = ["Success", "NoAnswer", "CredentialsFailed", "Timeout Exceeded"][(i + site) % 4];
    rows.push(`${ip},host-${site}-${i % 7},${status},2024-05-0${1 + ((i + site) % 3)} 1${i % 10}:00,row ${i}`);
  }
  return rows.join("\n") + "\n";
}

function sh(script: string, cwd: string, env: Record<string, string>) {
  const r = spawnSync("sh", ["-c", script], { cwd, encoding: "utf8", env: { PATH: `${join(cwd, "bin")}:${process.env.PATH ?? ""}`, NO_COLOR: "1", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the map/reduce recipe (docs/fleets.md) with xargs -P 2", () => {
  it("reduces the parts to the summary of the inputs read together", () => {
    const work = mkdtempSync(join(tmpdir(), "scantriage-recipe-"));
    // `scantriage` on the PATH, as an installed package puts it.
    mkdirSync(join(work, "bin"));
    writeFileSync(join(work, "bin/scantriage"), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "bin/scantriage.cjs")}" "$@"\n`);
    chmodSync(join(work, "bin/scantriage"), 0o755);
    // Inputs: a folder per customer site (a space in one name), the examples, the corpus's scans.
    for (const site of [1, 2, 3]) {
      mkdirSync(join(work, "scans", `site ${site}`), { recursive: true });
      writeFileSync(join(work, "scans", `site ${site}`, "scan-log.csv"), siteLog(site));
    }
    const inputs = [
      ...[1, 2, 3].map((s) => join(work, "scans", `site ${s}`, "scan-log.csv")),
      join(ROOT, "examples/scan-log.csv"),
      join(ROOT, "examples/qualys-scan.xml"),
      ...(existsSync(CORPUS) ? ["scan_defectdojo_webgui_multiple.xml", "adr_dradis_agent_no_results.xml", "hld_demisto_raw.xml"].map((n) => join(CORPUS, "qualys", n)) : []),
    ];
    writeFileSync(join(work, "inputs.txt"), inputs.join("\n") + "\n");

    // The recipe, as docs/fleets.md gives it.
    const map = sh(
      [
        "mkdir -p parts",
        `i=0; while IFS= read -r f; do printf '%04d\\0%s\\0' "$i" "$f"; i=$((i + 1)); done < inputs.txt |`,
        `  xargs -0 -n 2 -P 2 sh -c 'exec scantriage hosts "$1" --format ndjson --jobs 1 --no-config --quiet --output "parts/$0.ndjson"'`,
      ].join("\n"),
      work,
      {},
    );
    expect(map.stderr).toBe("");
    expect(map.code).toBe(0);
    expect(readdirSync(join(work, "parts")).sort()).toEqual(inputs.map((_, i) => `${String(i).padStart(4, "0")}.ndjson`));

    const reduce = sh("scantriage summarize parts/*.ndjson --json --no-config", work, {});
    const direct = sh(`tr '\\n' '\\0' < inputs.txt | xargs -0 scantriage summarize --json --no-config`, work, {});
    expect(reduce.code).toBe(direct.code);
    const reduced = JSON.parse(reduce.stdout) as Summary;
    const whole = JSON.parse(direct.stdout) as Summary;
    expect(whole.totals.ips).toBeGreaterThan(60);
    expect(whole.risk.activeHosts).toBeGreaterThan(0);
    expect(comparable(reduced)).toEqual(comparable(whole));
    // The parts are named in the reduce's inputs; each row still names its original file.
    expect(reduced.inputs.map((i) => i.path)).toEqual(inputs.map((_, i) => `parts/${String(i).padStart(4, "0")}.ndjson`));
    expect(reduced.authFailures.top.map((a) => a.source)).toEqual(whole.authFailures.top.map((a) => a.source));

    // The same reduce in any format: gates judge the reduced summary as they judge the direct one.
    const gated = sh("scantriage summarize parts/*.ndjson --no-config --max-customer-actions 0 --format table", work, {});
    const gatedDirect = sh(`tr '\\n' '\\0' < inputs.txt | xargs -0 scantriage summarize --no-config --max-customer-actions 0 --format table`, work, {});
    expect(gated.code).toBe(1);
    expect(gated.stderr.split("\n").filter((l) => l.includes("--max-customer-actions"))).toEqual(gatedDirect.stderr.split("\n").filter((l) => l.includes("--max-customer-actions")));
    expect(readFileSync(join(work, "parts/0000.ndjson"), "utf8").split("\n")[0]).toMatch(/^\{"ip":/);
  }, 120_000);
});
