/**
 * The published package: `npm pack` of the checkout (after the build `npm test` does) must hold
 * what the command needs and nothing of the development tree, and must install, globally and into
 * a fresh project, and run from a clean folder with only its declared runtime dependencies.
 *
 * One pack, reused by every case. It is made with --ignore-scripts: a plain `npm pack` runs the
 * "prepare" script (the build, a second or two), which first deletes dist/ while the other test
 * files run the built binary; the test packs the build that `npm test` just made instead. The
 * installs use the npm cache (`npm ci` filled it) and the registry only for what it lacks.
 */
import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
interface Manifest {
  name: string;
  version: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
const PKG = readManifest(ROOT);

const INSTALL_TIMEOUT = 120_000;
const SETUP_TIMEOUT = 300_000;
/** The tarball is the bundle, its code cache, the examples and the README: well under this. */
const MAX_TARBALL_BYTES = 5 * 1024 * 1024;

const made: string[] = [];
function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `scantriage-pack-${name}-`));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The environment for the npm commands: this one less what `npm test` tells its scripts about the
 * checkout (its prefix, its package.json, the running script), which would point the child npm
 * back at the checkout. The cache, registry and user config settings stay.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const checkout = /^(npm_package_|npm_lifecycle_|npm_config_(prefix|local_prefix|global_prefix|global|location|ignore_scripts|dry_run|json)$|npm_command$|init_cwd$)/i;
  for (const [key, value] of Object.entries(process.env)) if (!checkout.test(key)) env[key] = value;
  env.NO_UPDATE_NOTIFIER = "1";
  return env;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run npm (asynchronously, so that the two installs overlap); throws with its output if it fails. */
function npm(args: string[], cwd: string, timeout = INSTALL_TIMEOUT): Promise<Ran> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile("npm", args, { cwd, env: npmEnv(), timeout, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      const ran = { code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr, ms: Math.round(performance.now() - started) };
      if (error) fail(new Error(`npm ${args.join(" ")} (in ${cwd}) failed after ${ran.ms} ms: ${error.message}\n${stderr}`));
      else done(ran);
    });
  });
}

/** Every file under dir, as a relative path with forward slashes, leaving out folders named in skip. */
function filesUnder(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(path);
      } else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** The packages installed under a node_modules folder (nested ones too), by name. */
function installedPackages(nodeModules: string): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
      const dirs = entry.name.startsWith("@") ? readdirSync(join(dir, entry.name)).map((n) => join(dir, entry.name, n)) : [join(dir, entry.name)];
      for (const pkgDir of dirs) {
        names.add(readManifest(pkgDir).name);
        scan(join(pkgDir, "node_modules"));
      }
    }
  };
  scan(nodeModules);
  return names;
}

/** The package and the runtime dependencies it declares, and theirs, as installed under nodeModules. */
function runtimeClosure(nodeModules: string, root: string): Set<string> {
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    const dir = join(nodeModules, name);
    if (!existsSync(join(dir, "package.json"))) return;
    const m = readManifest(dir);
    for (const dep of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) visit(dep);
  };
  visit(root);
  return wanted;
}

interface Install {
  /** The installed package folder. */
  pkg: string;
  /** The folder npm linked the `scantriage` command into. */
  bin: string;
}

let tarball = "";
let tarballBytes = 0;
let packedFiles: string[] = [];
let packStderr = "";
const installs: Record<"global" | "project", Install> = { global: { pkg: "", bin: "" }, project: { pkg: "", bin: "" } };
let project = "";

beforeAll(async () => {
  const packDir = tempDir("tgz");
  const pack = await npm(["pack", "--pack-destination", packDir, "--json", "--ignore-scripts"], ROOT);
  packStderr = pack.stderr;
  const [report] = JSON.parse(pack.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  if (!report) throw new Error(`npm pack printed no report: ${pack.stdout}`);
  tarball = join(packDir, report.filename);
  tarballBytes = statSync(tarball).size;
  packedFiles = report.files.map((f) => f.path).sort();

  const prefix = tempDir("global");
  project = tempDir("project");
  const flags = ["--no-audit", "--no-fund", "--prefer-offline"];
  await Promise.all([
    npm(["install", "-g", "--prefix", prefix, ...flags, tarball], prefix),
    npm(["init", "-y"], project).then(() => npm(["install", ...flags, tarball], project)),
  ]);
  const globalLib = process.platform === "win32" ? prefix : join(prefix, "lib");
  installs.global = { pkg: join(globalLib, "node_modules", PKG.name), bin: process.platform === "win32" ? prefix : join(prefix, "bin") };
  installs.project = { pkg: join(project, "node_modules", PKG.name), bin: join(project, "node_modules", ".bin") };
}, SETUP_TIMEOUT);

describe("npm pack", () => {
  it("holds the command, its bundle and code cache, the examples, the README and the config schema", () => {
    const required = ["package.json", "README.md", "bin/scantriage.cjs", "bin/load-bundle.cjs", "dist/main.cjs", "dist/main.cjs.cache", "schema/scantriage.config.schema.json"];
    for (const example of readdirSync(join(ROOT, "examples"))) required.push(`examples/${example}`);
    if (existsSync(join(ROOT, "LICENSE"))) required.push("LICENSE");
    expect(packedFiles).toEqual(expect.arrayContaining(required));
    expect(required.filter((f) => f.startsWith("examples/")).length).toBeGreaterThan(0);
  });

  it("holds every file the README links to, so its links work on the package page and in node_modules", () => {
    const links = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => (m[1] ?? "").replace(/^\.\//, ""));
    expect(links.length).toBeGreaterThan(0);
    expect(packedFiles).toEqual(expect.arrayContaining([...new Set(links)]));
  });

  it("holds nothing of the development tree", () => {
    const forbidden = /^(src|test|bench|node_modules|\.ci|scripts|coverage|\.git)(\/|$)|(^|\/)node_modules\//;
    expect(packedFiles.filter((f) => forbidden.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => f.endsWith(".ts"))).toEqual([]);
  });

  it("is of a sensible size and packs without warnings", () => {
    expect(tarballBytes).toBeGreaterThan(0);
    expect(tarballBytes).toBeLessThan(MAX_TARBALL_BYTES);
    expect(packStderr).not.toMatch(/npm (warn|error)/i);
  });

  it("ships a config schema that is a JSON Schema object", () => {
    const schema = JSON.parse(readFileSync(join(installs.project.pkg, "schema/scantriage.config.schema.json"), "utf8")) as Record<string, unknown>;
    expect(schema).toEqual(expect.objectContaining({ $schema: expect.stringMatching(/json-schema\.org/) }));
    expect(typeof schema.type === "string" || typeof schema.properties === "object").toBe(true);
  });

  it("keeps the command executable", () => {
    if (process.platform === "win32") return;
    expect(statSync(join(installs.project.pkg, "bin/scantriage.cjs")).mode & 0o111).not.toBe(0);
  });
});

/** The checkout's own binary, for the same file from the same folder: the reference output. */
function runCheckout(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/scantriage.cjs"), ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each([
  ["installed globally (npm install -g --prefix)", "global"],
  ["installed into a fresh project", "project"],
] as const)("the package %s", (_label, kind) => {
  /** Run the installed `scantriage` by name from a clean folder: PATH has its bin and node only. */
  function run(args: string[], cwd: string) {
    const { bin } = installs[kind];
    const r = spawnSync("scantriage", args, {
      cwd,
      encoding: "utf8",
      env: { PATH: [bin, dirname(process.execPath)].join(delimiter), NO_COLOR: "1" },
      shell: process.platform === "win32",
    });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** A clean working folder holding a copy of the installed package's example. */
  function cleanFolderWith(example: string): string {
    const dir = tempDir(`run-${kind}`);
    copyFileSync(join(installs[kind].pkg, "examples", example), join(dir, example));
    return dir;
  }

  it("holds exactly the packed files, and its command is the installed bin/scantriage.cjs", () => {
    const { pkg, bin } = installs[kind];
    expect(filesUnder(pkg, new Set(["node_modules"]))).toEqual(packedFiles);
    if (process.platform !== "win32") {
      expect(realpathSync(join(bin, "scantriage"))).toBe(realpathSync(join(pkg, "bin/scantriage.cjs")));
    }
  });

  it("prints the package version", () => {
    const r = run(["--version"], tempDir(`run-${kind}`));
    expect(r).toEqual({ code: 0, stdout: `${PKG.version}\n`, stderr: "" });
  });

  it.each(["scan-log.csv", "qualys-scan.xml"])("summarizes the bundled example %s as the checkout does", (example) => {
    const cwd = cleanFolderWith(example);
    const r = run(["summarize", example, "--format", "json"], cwd);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { schemaVersion: number; totals: { ips: number }; inputs: { path: string }[] };
    expect(s.schemaVersion).toBe(1);
    expect(s.totals.ips).toBeGreaterThan(0);
    expect(s.inputs.map((i) => i.path)).toEqual([example]);

    const reference = runCheckout(["summarize", example, "--format", "json"], cwd);
    expect(reference.code).toBe(0);
    expect((JSON.parse(reference.stdout) as typeof s).totals.ips).toBe(s.totals.ips);
    // Warnings (on stderr) included: the installed command behaves as the checkout's, to the byte.
    expect(r).toEqual(reference);
  });

  it("exits 2 with one line on stderr for a missing file", () => {
    const r = run(["summarize", "no-such-scan.csv"], tempDir(`run-${kind}`));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scantriage: /);
    expect(lines[0]).toContain("no-such-scan.csv");
  });
});

describe("runtime dependencies", () => {
  it("a fresh project gets the package and its declared runtime dependencies, nothing else", () => {
    const nodeModules = join(project, "node_modules");
    const installed = installedPackages(nodeModules);
    const allowed = runtimeClosure(nodeModules, PKG.name);
    expect([...installed].filter((name) => !allowed.has(name)).sort()).toEqual([]);
    expect([...allowed].filter((name) => !installed.has(name)).sort()).toEqual([]);
    const dev = Object.keys(PKG.devDependencies ?? {}).filter((name) => !(name in (PKG.dependencies ?? {})));
    expect(dev.filter((name) => installed.has(name))).toEqual([]);
  });

  it("the installed bundle loads nothing but Node's built-ins, its own files and declared dependencies", () => {
    const pkg = installs.project.pkg;
    const declared = new Set(Object.keys(readManifest(pkg).dependencies ?? {}));
    const loaded = new Set<string>();
    for (const file of ["dist/main.cjs", "bin/scantriage.cjs", "bin/load-bundle.cjs"]) {
      const source = readFileSync(join(pkg, file), "utf8");
      for (const m of source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)|\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) loaded.add(m[1] ?? m[2] ?? "");
    }
    expect(loaded.size).toBeGreaterThan(0);
    const packageName = (spec: string) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");
    const outside = [...loaded].filter((spec) => !isBuiltin(spec) && !spec.startsWith("./") && !spec.startsWith("../"));
    expect(outside.filter((spec) => !declared.has(packageName(spec))).sort()).toEqual([]);
  });
});
