/**
 * One scan log cut into parts (split-scan-log.ts) gives exactly what one pass gives: the same
 * observations in the same order with the same lines, the same warnings, counts and errors,
 * whatever the cuts: also when a cut lands in a quoted cell holding line breaks, quotes and
 * things that look like rows, with CRLF or CR-only line ends, in Windows-1252, after a BOM, a
 * `sep=` line and title lines, with ragged and empty rows, unreadable and ambiguous dates, and
 * when the encoding changes course half-way. The parts run in this thread here (the same
 * RecordingSink and replay as on a worker thread); test/e2e/split-scan-log.test.ts runs workers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/aggregate/summarize.js";
import { iterateRows } from "../../src/aggregate/host-row.js";
import { InputError } from "../../src/errors.js";
import type { LazyText, ObservationSink } from "../../src/formats/reader.js";
import { readInput, type ReadSettings } from "../../src/pipeline/read-input.js";
import { LocalRunner, triageOf } from "../fixtures/split/local-runner.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";
import { AUTH_FAILURE_STATUSES } from "../../src/taxonomy/statuses.js";

const ROOT = resolve(import.meta.dirname, "../..");


const isWarning = (call: unknown): boolean => (call as unknown[])[0] === "warn";

type Runner = (t: Taxonomy, s: ReadSettings) => LocalRunner | null;
const ONE_PASS: Runner = () => null;
const parts = (workers: number): Runner => (t, s) => new LocalRunner(workers, t, s);

/** Every call a reader makes on its sink, in order (lean rows as tuples, their detail read where the builder reads it). */
class CallLog implements ObservationSink {
  readonly calls: unknown[] = [];
  private readonly taxonomy = new Taxonomy();
  host = (o: unknown) => void this.calls.push(["host", o]);
  range = (o: unknown) => void this.calls.push(["range", o]);
  hostnameTarget = (o: unknown) => void this.calls.push(["target", o]);
  warn = (m: unknown) => void this.calls.push(["warn", m]);
  detectionPage = (p: unknown) => void this.calls.push(["page", p]);
  statedAverageRisk = (v: number) => void this.calls.push(["risk", v]);
  skip = (line: number, reason: unknown) => void this.calls.push(["skip", line, reason]);
  leanHost = (ipv4: number, rawStatus: string, detail: LazyText, time: number | null, line: number) => {
    const kept = AUTH_FAILURE_STATUSES.has(this.taxonomy.classify(rawStatus).status) ? detail.read() : null;
    this.calls.push(["lean", ipv4, rawStatus, kept, time, line]);
  };
}

interface Options {
  readonly keepDetails: boolean;
  readonly groupColumn?: string;
}

function settingsOf(o: Options): ReadSettings {
  return { forced: null, keepDetails: o.keepDetails, keepFindings: false, groupColumn: o.groupColumn ?? null, splitMinBytes: 0 };
}

/** What the builder makes of the file: summary, rows, the input's report; or the error. */
async function triage(path: string, runner: Runner, o: Options) {
  const taxonomy = new Taxonomy();
  const settings = settingsOf(o);
  const r = runner(taxonomy, settings);
  const { triage: t, report, error } = await triageOf(path, r, taxonomy, settings);
  return { out: { summary: summarize(t, "average"), rows: [...iterateRows(t, "average")], report, error }, runner: r };
}

/** Every observation the reader makes, in order. */
async function observations(path: string, runner: Runner, o: Options) {
  const taxonomy = new Taxonomy();
  const sink = new CallLog();
  const settings = settingsOf(o);
  let result: unknown = null;
  try {
    result = await readInput(path, 0, sink, settings, taxonomy, undefined, runner(taxonomy, settings));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    result = err.message;
  }
  return { calls: sink.calls, result };
}

const dir = mkdtempSync(join(tmpdir(), "scantriage-split-log-"));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function random(seed: number): () => number {
  let x = seed;
  // The high bits: an LCG's low bits repeat with a short period.
  return () => (x = (x * 1103515245 + 12345) % 2147483648) >>> 16;
}

const STATUSES = ["Success", "NoAnswer", "NoCredential", "CredentialFailed", "Timeout Exceeded", "SkippedAsExcluded", "ScanError", "N/A", "Unknown"];

/** A row's cells: time, target, status, duration, message; some targets repeat, some are not IPv4. */
function row(i: number, next: () => number, time: string, hostile: boolean): string[] {
  const n = next();
  const target =
    n % 41 === 3 ? `host-${n % 97}.example` : n % 53 === 7 ? `2001:db8::${(n % 200).toString(16)}` : n % 61 === 9 ? `10.9.${n % 4}.${n % 9}:8443` : n % 67 === 1 ? "-" : `10.${n % 3}.${(n >> 3) % 8}.${(n >> 6) % 60}`;
  const status = STATUSES[next() % STATUSES.length] as string;
  let message = `row ${i}, seed ${n}`;
  if (hostile && n % 3 === 0) {
    // Line breaks, quotes and whole "rows" inside one quoted cell: cuts land in here.
    message = `"first line ${i}\n10.1.1.${n % 200},Success,a minute,fake row\r\n""quoted"", then\nmore, ${status}"`;
  } else if (n % 5 === 0) message = `"${message}"`;
  return [time, target, status, `${n % 9} minutes`, message];
}

function isoTime(next: () => number): string {
  return `2024-10-${String(1 + (next() % 28)).padStart(2, "0")} 0${next() % 10}:${String(next() % 60).padStart(2, "0")}:00`;
}

function scanLog(rows: number, seed: number, o: { hostile?: boolean; eol?: string; time?: (i: number, next: () => number) => string } = {}): string {
  const next = random(seed);
  const eol = o.eol ?? "\n";
  const lines = ["Time,IP,Status,Duration,Scan Info"];
  for (let i = 0; i < rows; i++) lines.push(row(i, next, (o.time ?? ((_i, n) => isoTime(n)))(i, next), o.hostile ?? false).join(","));
  const text = `${lines.join("\n")}\n`;
  return eol === "\n" ? text : text.replace(/\r?\n/g, eol);
}

/** The header and first rows of the example, its rows again below with other addresses. */
function exampleRepeated(times: number): string {
  const [header, ...rows] = readFileSync(join(ROOT, "examples/scan-log.csv"), "utf8").trimEnd().split("\n");
  const out = [header];
  for (let k = 0; k < times; k++) for (const r of rows) out.push(r.replaceAll("172.31.", `172.${16 + (k % 16)}.`).replaceAll("2024-10-05", `2024-10-${String(1 + (k % 28)).padStart(2, "0")}`));
  return `${out.join("\n")}\n`;
}

const ROWS = 12_000;

/** Dates: ambiguous ones (day and month both 12 or less) before and after the first that tells the order. */
function datesFrom(firstClear: number): (i: number, next: () => number) => string {
  return (i, next) => {
    const n = next();
    if (i === firstClear) return "25/04/2024 10:00";
    if (n % 11 === 0) return "yesterday";
    if (n % 13 === 0) return "Oct 05 01:02";
    if (n % 17 === 0) return "Mon 03/04/2024";
    return `${String(1 + (n % 12)).padStart(2, "0")}/${String(1 + ((n >> 4) % 12)).padStart(2, "0")}/2024 0${n % 10}:00`;
  };
}

function ownColumns(rows: number): string {
  const next = random(7);
  const lines = ["IP;Status;Category;Action required by;Action;Job Name"];
  for (let i = 0; i < rows; i++) {
    const n = next();
    const mismatch = n % 37 === 0 ? "Customer" : n % 41 === 0 ? "Nobody" : "";
    lines.push(`10.${n % 4}.${(n >> 2) % 16}.${(n >> 6) % 50};${STATUSES[n % 5]};${n % 29 === 0 ? "Wrong category" : ""};${mismatch};;job-${n % 3}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

function messy(rows: number): string {
  const next = random(11);
  const lines = ["sep=;", "Scan log export", "Generated by hand;;", "", "Time;IP Address;Scan Status;Scan Info;Job Name"];
  for (let i = 0; i < rows; i++) {
    const n = next();
    if (n % 23 === 0) lines.push("");
    else if (n % 29 === 0) lines.push(";;;");
    else if (n % 31 === 0) lines.push(`2024-10-01;10.3.${n % 8}.${n % 40};Success`);
    else if (n % 37 === 0) lines.push(`2024-10-01;10.3.${n % 8}.${n % 40};NoAnswer;x;job;extra;cells`);
    else if (n % 43 === 0) lines.push("IP Address;Scan Status");
    else lines.push(`${isoTime(next)};10.3.${n % 8}.${n % 40};${STATUSES[n % STATUSES.length]};"msg; ${i}";job-${n % 4}`);
  }
  lines.push("Total 31");
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function windows1252(rows: number): Buffer {
  const next = random(5);
  const lines = ["Time,IP,Status,Scan Info"];
  for (let i = 0; i < rows; i++) {
    const n = next();
    lines.push(`${isoTime(next)},10.4.${n % 8}.${n % 50},${STATUSES[n % 5]},"Müller € ${i}${n % 7 === 0 ? "\nzweite Zeile ß" : ""}"`);
  }
  return Buffer.from(`${lines.join("\n")}\n`, "latin1");
}

/** UTF-8 that has an invalid byte at `at` (a share of the rows); `earlyText`: non-ASCII before it. */
function invalidUtf8Later(rows: number, at: number, earlyText: boolean): Buffer {
  const text = scanLog(rows, 13).split("\n");
  const k = Math.floor(text.length * at);
  if (earlyText) text[3] = `${text[3]} caf\u00e9`;
  // UTF-8 text after the invalid byte: read as Windows-1252 when the file changed course there.
  for (let i = k + 5; i < text.length; i += 50) text[i] = `${text[i]} na\u00efve`;
  const before = Buffer.from(text.slice(0, k).join("\n") + "\n");
  return Buffer.concat([before, Buffer.from("2024-10-01 00:00:00,10.5.5.5,Success,1,M"), Buffer.from([0xfc]), Buffer.from("ller\n"), Buffer.from(text.slice(k).join("\n"))]);
}

const CASES: [string, string][] = [
  ["the example, repeated", file("example.csv", exampleRepeated(900))],
  ["plain", file("plain.csv", scanLog(ROWS, 1))],
  ["hostile quoted cells", file("hostile.csv", scanLog(ROWS, 2, { hostile: true }))],
  ["hostile, CRLF", file("crlf.csv", scanLog(ROWS, 3, { hostile: true, eol: "\r\n" }))],
  ["hostile, CR only (line feeds only inside quoted cells)", file("cr.csv", scanLog(ROWS, 4, { hostile: true, eol: "\r" }).replace(/fake row\r/g, "fake row\n"))],
  ["CR only, no line feed at all", file("cr-only.csv", scanLog(ROWS, 5, { eol: "\r" }))],
  ["Windows-1252", file("cp1252.csv", windows1252(ROWS))],
  ["BOM, sep= line, title lines, ragged and empty rows, a footer", file("messy.csv", messy(ROWS))],
  ["ambiguous dates, the order told late", file("dates-late.csv", scanLog(ROWS, 6, { time: datesFrom(Math.floor(ROWS * 0.7)) }))],
  ["ambiguous dates, the order told early", file("dates-early.csv", scanLog(ROWS, 7, { time: datesFrom(20) }))],
  ["ambiguous dates, the order never told", file("dates-never.csv", scanLog(ROWS, 8, { time: datesFrom(-1) }))],
  ["the file's own category, responsible and action", file("own.csv", ownColumns(ROWS * 2))],
  ["invalid UTF-8 after an ASCII start (read as Windows-1252 from there)", file("switch-1252.csv", invalidUtf8Later(ROWS, 0.6, false))],
  ["invalid UTF-8 after UTF-8 text (replaced from there)", file("switch-lenient.csv", invalidUtf8Later(ROWS, 0.6, true))],
  ["no line end after the last row", file("no-eol.csv", scanLog(ROWS, 9, { hostile: true }).trimEnd())],
];

describe("a scan log read in parts", () => {
  it.each(CASES)("%s: the same observations as one pass for 1 to 3 workers, the same triage", async (_name, path) => {
    for (const o of [{ keepDetails: false }, { keepDetails: true }, { keepDetails: false, groupColumn: "job name" }]) {
      const whole = await observations(path, ONE_PASS, o);
      const triaged = await triage(path, ONE_PASS, o);
      for (const workers of [1, 2, 3]) {
        const split = await observations(path, parts(workers), o);
        expect(split.result).toEqual(whole.result);
        // A warning the decoder gives mid-file (the encoding changed course) comes before the rows
        // of the stretch it was decoding, which depends on the stretches: the builder keeps warnings
        // apart from the hosts, so only their own order matters.
        expect(split.calls.filter(isWarning)).toEqual(whole.calls.filter(isWarning));
        expect(split.calls.filter((c) => !isWarning(c))).toEqual(whole.calls.filter((c) => !isWarning(c)));
        // The builder's answer from the same observations: once per options is enough.
        if (workers === 2) expect((await triage(path, parts(workers), o)).out).toEqual(triaged.out);
      }
    }
  });

  it("uses the parts that end at a record boundary and reads the others itself", async () => {
    const counts = async (path: string) => {
      let used = 0;
      let refused = 0;
      for (const workers of [1, 2, 3, 4, 5]) {
        const r = (await triage(path, parts(workers), { keepDetails: false })).runner as LocalRunner;
        used += r.used;
        refused += r.refused;
      }
      return { used, refused };
    };
    const plain = await counts(CASES[1]?.[1] as string);
    expect(plain.used).toBeGreaterThan(10);
    expect(plain.refused).toBe(0);
    // A third of the rows hold line breaks in quotes: some cuts land there, and some do not.
    const hostile = await counts(CASES[2]?.[1] as string);
    expect(hostile.used).toBeGreaterThan(5);
    expect(hostile.refused).toBeGreaterThan(0);
  });

  it("reads a UTF-16 file and one with no line feed in one pass (no part is parsed elsewhere)", async () => {
    const utf16 = file("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scanLog(3000, 10).replaceAll(",", "\t"), "utf16le")]));
    for (const path of [utf16, CASES[5]?.[1] as string]) {
      const r = await triage(path, parts(2), { keepDetails: false });
      expect(r.out).toEqual((await triage(path, ONE_PASS, { keepDetails: false })).out);
      expect((r.runner as LocalRunner).used + (r.runner as LocalRunner).refused).toBe(0);
    }
  });

  /** A line inserted at three quarters of the rows. */
  const insertLate = (text: string, line: string) => {
    const lines = text.split("\n");
    lines.splice(Math.floor(lines.length * 0.75), 0, line);
    return lines.join("\n");
  };
  it.each([
    ["a quote opened in a late row and never closed", (t: string) => insertLate(t, '10.7.7.7,Success,1,"never closed')],
    ["a record longer than 4 MiB in a late row", (t: string) => insertLate(t, `10.7.7.8,Success,1,"${"x, ".repeat(1_500_000)}"`)],
    ["no row is a scan-log row", (t: string) => t.split("\n").map((l, i) => (i === 0 || l === "" ? l : l.replace(/^[^,]*/, "??"))).join("\n")],
  ])("%s: the same error, with the same line, as one pass", async (_name, edit) => {
    // Rows without a time column (the target first, so that every row can be spoilt), nor quotes.
    const text = edit(scanLog(ROWS, 12).replace(/^[^,\n]*,/gm, "").replaceAll('"', ""));
    const path = file("broken.csv", text);
    const whole = await triage(path, ONE_PASS, { keepDetails: false });
    expect(whole.out.error).toContain("broken.csv");
    for (const workers of [1, 2, 3]) expect((await triage(path, parts(workers), { keepDetails: false })).out.error).toBe(whole.out.error);
  });
});
