"use strict";
/**
 * Loads dist/main.cjs the way Node loads a CommonJS file, but compiled with the V8 code cache that
 * `npm run build` wrote beside it (dist/main.cjs.cache, made by scripts/make-code-cache.cjs).
 * Compiling the bundle was about a third of a small run; with the cache V8 skips it. Node 22 does
 * this by itself (module.enableCompileCache); Node 20 does not.
 *
 * Safe by construction: V8 checks the cache against the source, its own version and its flags and
 * rejects a mismatch (a cache built by another Node, a rebuilt bundle), and the bundle is then
 * compiled as usual. A missing cache is the same.
 */
const { readFileSync } = require("node:fs");
const { wrap } = require("node:module");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

const BUNDLE = join(__dirname, "..", "dist", "main.cjs");
const CACHE = `${BUNDLE}.cache`;

function readCache() {
  try {
    return readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

/** The bundle compiled (with the cache unless told not to), not yet run. */
function compileBundle(useCache = true) {
  return new Script(wrap(readFileSync(BUNDLE, "utf8")), { filename: BUNDLE, cachedData: useCache ? readCache() : undefined });
}

/** Run a compiled bundle as a CommonJS module; returns its exports. */
function runBundle(script) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, BUNDLE, dirname(BUNDLE));
  return module.exports;
}

function loadBundle() {
  return runBundle(compileBundle());
}

module.exports = { loadBundle, compileBundle, runBundle, CACHE };
