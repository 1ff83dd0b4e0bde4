/**
 * Streaming output for the generators: text is gathered into ~1 MB pieces and written with
 * backpressure (await 'drain'), so a 2 GB file never sits in memory. The file is written under a
 * temporary name and renamed at the end, so an interrupted run never leaves a truncated file that
 * a later run would take for a cached one.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "data");

const PIECE = 1 << 20;

export class ChunkedWriter {
  constructor(path) {
    this.path = path;
    this.tmp = `${path}.partial`;
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(this.tmp, { highWaterMark: 4 * PIECE });
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
  }

  /** Queue text; returns a promise only when the caller must wait (await it, or not: both fine). */
  write(text) {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= PIECE) return this.flush();
    return null;
  }

  async flush() {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.pending = 0;
    this.bytes += buf.length;
    if (!this.stream.write(buf)) await once(this.stream, "drain");
  }

  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
    renameSync(this.tmp, this.path);
    return this.bytes;
  }

  abort() {
    this.stream.destroy();
    rmSync(this.tmp, { force: true });
  }
}

/** Scale as it appears in a file name: 1 -> "1", 0.02 -> "0.02". */
export function scaleTag(scale) {
  return String(Number(scale.toFixed(6)));
}

/** The cached file and its manifest (expected counts), or null when either is missing. */
export function cached(path) {
  const meta = `${path}.meta.json`;
  if (!existsSync(path) || !existsSync(meta)) return null;
  return JSON.parse(readFileSync(meta, "utf8"));
}

export function writeManifest(path, manifest) {
  writeFileSync(`${path}.meta.json`, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * --scale N / --out PATH / --force from argv, BENCH_SCALE from the environment; the numeric options
 * a generator's defaults name (`round`, `customer`, `hosts`, `customers`: `--round N`, ...) only for
 * that generator (the SCAN XML's second round, a fleet customer, its host count; the fleet's size).
 */
const NUMERIC_OPTIONS = ["round", "customer", "hosts", "customers"];

export function generatorArgs(argv, defaults) {
  const out = { scale: Number(process.env.BENCH_SCALE ?? defaults.scale ?? 1), out: null, force: false };
  for (const name of NUMERIC_OPTIONS) if (defaults[name] !== undefined) out[name] = defaults[name];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : null;
    if (argv[i] === "--scale") out.scale = Number(argv[++i]);
    else if (argv[i] === "--out") out.out = argv[++i];
    else if (argv[i] === "--force") out.force = true;
    else if (NUMERIC_OPTIONS.includes(name) && defaults[name] !== undefined) {
      out[name] = Number(argv[++i]);
      if (!Number.isInteger(out[name]) || out[name] < 1) throw new Error(`bad --${name}: ${argv[i]} (a whole number >= 1)`);
    } else if (argv[i] === "--round") throw new Error("--round: this generator has a single round (only generate-scan-xml.mjs has two)");
    else if (NUMERIC_OPTIONS.includes(name)) throw new Error(`--${name}: not an option of this generator`);
  }
  if (!(out.scale > 0)) throw new Error(`bad --scale: ${out.scale}`);
  return out;
}

/** The IPv4 dotted text of a 32-bit number. */
export function ipText(n) {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Lets a generator module run on its own: `node bench/generate-X.mjs [--scale N] [--out F] [--force]`. */
export async function runGeneratorCli(moduleUrl, generate, defaults = { scale: 1 }) {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const res = await generate(generatorArgs(process.argv.slice(2), defaults));
  console.log(JSON.stringify({ path: res.path, bytes: res.bytes, generated: res.generated, seconds: res.seconds, expected: res.expected }, null, 2));
}
