"use strict";
/**
 * Loads dist/main.cjs the way Node loads a CommonJS file, but compiled with the V8 code cache that
 * `npm run build` wrote beside it (dist/main.cjs.cache, made by scripts/make-code-cache.cjs).
 * Compiling the bundle was about a third of a small run; with the cache V8 skips it. Node 22 does
 * this by itself (module.enableCompileCache); Node 20 does not.
 *
 * The cache file starts with a copy of the bundle it was made for, compared byte for byte (one
 * native comparison; loading node:crypto to hash it instead cost more than the comparison). V8
 * checks a cache against its own version and flags but, of the source, only the length: a bundle
 * edited in place to the same length would otherwise run the old compiled code. A cache made for
 * another bundle, cut short, or made by another Node (V8 rejects it) is not used, and the bundle
 * is compiled as usual: it only costs speed. Like the bundle itself, the cache is trusted not to
 * be corrupted in place (V8 does not checksum its data); the build writes it whole or not at all.
 */
const { readFileSync } = require("node:fs");
const { wrap } = require("node:module");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

const BUNDLE = join(__dirname, "..", "dist", "main.cjs");
const CACHE = `${BUNDLE}.cache`;
/** The V8 data of the cache if it was made for exactly this source, else undefined. */
function cachedDataFor(source) {
  let cache;
  try {
    cache = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const data = cache.length > 4 ? 4 + cache.readUInt32LE(0) : Infinity;
  if (data >= cache.length || !source.equals(cache.subarray(4, data))) return undefined;
  return cache.subarray(data);
}

/** The bundle compiled (with the cache unless told not to), not yet run. */
function compileBundle(useCache = true) {
  const source = readFileSync(BUNDLE);
  const cachedData = useCache ? cachedDataFor(source) : undefined;
  const script = new Script(wrap(source.toString("utf8")), { filename: BUNDLE, cachedData });
  return { script, source, usedCache: cachedData !== undefined && script.cachedDataRejected === false };
}

/** Run a compiled bundle as a CommonJS module; returns its exports. */
function runBundle(script) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, BUNDLE, dirname(BUNDLE));
  return module.exports;
}

function loadBundle() {
  return runBundle(compileBundle().script);
}

/** What scripts/make-code-cache.cjs writes: the bundle's length and bytes, then V8's data. */
function cacheFileContent(source, v8Data) {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(source.length, 0);
  return Buffer.concat([length, source, v8Data]);
}

module.exports = { loadBundle, compileBundle, runBundle, cacheFileContent, CACHE };
