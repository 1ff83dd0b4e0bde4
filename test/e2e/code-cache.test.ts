/**
 * The binary loads the bundle with the V8 code cache the build made (bin/load-bundle.cjs). The
 * cache must be one V8 accepts for this bundle (else it is dead weight), and a cache that does not
 * fit (damaged, missing, made for another bundle, even one of the same length) must change
 * nothing but speed.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
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

  it("damaged or missing, changes nothing but speed", () => {
    const reference = summarize(ROOT);
    expect(reference.code).toBe(0);
    const damaged = copyOfTheBuild();
    writeFileSync(join(damaged, "dist/main.cjs.cache"), Buffer.alloc(4096, 0x5a));
    expect(summarize(damaged)).toEqual(reference);
    const missing = copyOfTheBuild();
    rmSync(join(missing, "dist/main.cjs.cache"));
    expect(summarize(missing)).toEqual(reference);
  });
});
