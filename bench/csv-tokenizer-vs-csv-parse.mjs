#!/usr/bin/env node
/**
 * Measures our CSV tokenizer against csv-parse (streaming Parser) on the same text: records only,
 * no scan-log logic. Decoding is done once up front so both get the same strings.
 *
 * "ours (rows)" is how the scan-log reader uses it: row views, no string per cell; "ours (cells)"
 * makes every cell a string, like csv-parse does.
 *
 *   npx tsc --outDir /tmp/ct --module nodenext --moduleResolution nodenext --target es2022 --types node src/parse/csv/csv-tokenizer.ts
 *   node bench/csv-tokenizer-vs-csv-parse.mjs bench/data/scanlog-v1-s1.csv [--impl /tmp/ct/parse/csv/csv-tokenizer.js]
 */
import { readFileSync } from "node:fs";
import { Parser } from "csv-parse";

const file = process.argv[2];
const implIndex = process.argv.indexOf("--impl");
const impl = implIndex > 0 ? process.argv[implIndex + 1] : "/tmp/ct/parse/csv/csv-tokenizer.js";
const { CsvTokenizer } = await import(impl);
const text = readFileSync(file, "utf8");
const CHUNK = 1 << 20;

function oursCells() {
  const t = new CsvTokenizer(",");
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK) n += t.push(text.slice(i, i + CHUNK)).length;
  return n + t.end().length;
}

function oursRows() {
  const t = new CsvTokenizer(",");
  let n = 0;
  const count = (row) => (n += row.count > 0 ? 1 : 0);
  for (let i = 0; i < text.length; i += CHUNK) t.pushRows(text.slice(i, i + CHUNK), count);
  t.endRows(count);
  return n;
}

function reference() {
  return new Promise((resolve, reject) => {
    let n = 0;
    const p = new Parser({ delimiter: ",", record_delimiter: ["\r\n", "\n", "\r"], relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
    p.on("readable", () => {
      while (p.read() !== null) n++;
    });
    p.on("end", () => resolve(n));
    p.on("error", reject);
    for (let i = 0; i < text.length; i += CHUNK) p.write(text.slice(i, i + CHUNK));
    p.end();
  });
}

const runs = [["ours (rows)", oursRows], ["ours (cells)", oursCells], ["csv-parse", reference]];
for (const [name, run] of [...runs, ...runs]) {
  const t0 = performance.now();
  const records = await run();
  console.log(`${name.padEnd(13)} ${((performance.now() - t0) / 1000).toFixed(2)} s  ${records} records`);
}
