/**
 * The binary loads the bundle with the V8 code cache the build made (bin/load-bundle.cjs). The
 * cache must be one V8 accepts for this bundle (else it is dead weight), and a cache that does not
 * fit (cut short, missing, made for another bundle, even one of the same length) must change
 * nothing but speed. Start-up also leaves alone the modules a small run does not need.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);

interface Loader {
  compileBundle(useCache?: boolean): { usedCache: boolean };
}

/** A copy of bin/ and dist/ in a temporary folder, to damage at will. */
function copyOfTheBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "scantriage-cache-"));
  cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
  cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
  made.push(dir);
  return dir;
}
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function summarize(root: string, format = "json") {
  const r = spawnSync(process.execPath, [join(root, "bin/scantriage.cjs"), "summarize", "--format", format, join(ROOT, "examples/qualys-scan.xml")], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("code cache", () => {
  it("is accepted by this Node for the built bundle", () => {
    const loader = require(join(ROOT, "bin/load-bundle.cjs")) as Loader;
    expect(loader.compileBundle().usedCache).toBe(true);
  });

  it("is not used for a bundle edited in place, even to the same length", () => {
    const edited = copyOfTheBuild();
    const bundle = join(edited, "dist/main.cjs");
    const source = readFileSync(bundle, "utf8");
    expect(source).toContain('"Categories"');
    const patched = source.replace('"Categories"', '"CATEGORIES"');
    expect(patched.length).toBe(source.length);
    writeFileSync(bundle, patched);
    const r = summarize(edited, "table");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("CATEGORIES");
  });

  it("cut short, nonsense or missing, changes nothing but speed", () => {
    const reference = summarize(ROOT);
    expect(reference.code).toBe(0);
    const cache = readFileSync(join(ROOT, "dist/main.cjs.cache"));
    for (const bad of [cache.subarray(0, 2), cache.subarray(0, cache.length >> 1), Buffer.alloc(4096, 0x5a), Buffer.from([0xff, 0xff, 0xff, 0xff, 1])]) {
      const damaged = copyOfTheBuild();
      writeFileSync(join(damaged, "dist/main.cjs.cache"), bad);
      expect(summarize(damaged)).toEqual(reference);
    }
    const missing = copyOfTheBuild();
    rmSync(join(missing, "dist/main.cjs.cache"));
    expect(summarize(missing)).toEqual(reference);
  });

  it("start-up loads neither child_process nor zlib (commander's and gzip's, loaded on first use)", () => {
    // A preload that prints, at exit, the Node built-ins the run loaded.
    const dir = mkdtempSync(join(tmpdir(), "scantriage-modules-"));
    made.push(dir);
    const preload = join(dir, "report-modules.cjs");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write(JSON.stringify(process.moduleLoadList)));\n');
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ["-r", preload, join(ROOT, "bin/scantriage.cjs"), ...args], { encoding: "utf8", env: { PATH: process.env.PATH } });
      expect(r.status).toBe(0);
      return JSON.parse(r.stderr) as string[];
    };
    const small = loaded(["summarize", join(ROOT, "examples/scan-log.csv"), "--quiet"]);
    expect(small).not.toContain("NativeModule child_process");
    expect(small).not.toContain("NativeModule zlib");
    // The measurement itself works: gzip input does load zlib.
    const gz = join(dir, "log.csv.gz");
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, "examples/scan-log.csv"))));
    expect(loaded(["summarize", gz, "--quiet"])).toContain("NativeModule zlib");
  });
});
