#!/usr/bin/env node
/**
 * Parts for measuring the reduce step (docs/fleets.md): copies of one map/reduce part (`hosts
 * --format ndjson` output), each copy's IPv4 addresses moved to a /8 of its own so that the copies
 * are distinct hosts, written as <out>/0000.ndjson, 0001.ndjson, ... One line at a time.
 *
 *   node bench/replicate-part.mjs part.ndjson --copies 20 --out parts/ [--direct-only]
 *
 * --direct-only keeps the rows of hosts with their own record (a SCAN's hosts with findings) and
 * leaves out the rows of target ranges without results.
 */
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { once } from "node:events";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}

const input = process.argv[2];
const copies = Number(option("copies", "10"));
const out = option("out", "parts");
const directOnly = process.argv.includes("--direct-only");
if (!input || !Number.isInteger(copies) || copies < 1 || copies > 200) {
  console.error("usage: node bench/replicate-part.mjs part.ndjson --copies N (1-200) --out dir [--direct-only]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const IPV4 = /^"ip":"(\d+)\.(\d+\.\d+\.\d+)"/;
let rows = 0;
for (let copy = 0; copy < copies; copy++) {
  const file = createWriteStream(join(out, `${String(copy).padStart(4, "0")}.ndjson`));
  // 1.x.x.x .. 200.x.x.x: each copy its own first octet.
  const octet = String(copy + 1);
  for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
    if (line === "" || (directOnly && !line.includes('"evidence":"direct"'))) continue;
    const moved = line.startsWith('{"ip":"') ? `{${line.slice(1).replace(IPV4, `"ip":"${octet}.$2"`)}` : line;
    if (!file.write(`${moved}\n`)) await once(file, "drain");
    rows++;
  }
  file.end();
  await once(file, "finish");
}
console.log(`${rows} rows in ${copies} parts under ${out}`);
