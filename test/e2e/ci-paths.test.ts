/**
 * "CI you can trust", end to end: the built binary run the way a CI job runs it (gates, --strict,
 * JUnit for the dashboard, -o for artefacts, a config file in the checkout, an accept list of known
 * exceptions, filters, -q), asserting exit codes, stderr and the files left behind.
 *
 * Inputs: the bundled examples (scan log: 23 IPs, 9 customer actions, 16 not scanned, 5 auth
 * failures, one unknown status that warns; Qualys scan: 21 IPs, 16 customer, 2 auth failures,
 * average risk 3.2) and the small fixtures in test/fixtures/ci/.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/scantriage.cjs");
const CSV = "examples/scan-log.csv";
const XML = "examples/qualys-scan.xml";
const FIX = "test/fixtures/ci";
/** A Qualys SCAN with a HEADER, an empty TARGET and no host. */
const EMPTY_SCAN = `${FIX}/empty-target-scan.xml`;
/** Unknown statuses holding markup, quotes, an escape sequence and a bell. */
const ODD = `${FIX}/odd-status.csv`;
/** The bundled Qualys scan cut off inside a host. */
const TRUNCATED = `${FIX}/truncated-scan.xml`;
/** Twelve scan logs, each with one ragged row: one warning each. */
const SITES = Array.from({ length: 12 }, (_, i) => `${FIX}/many-warnings/site-${String(i + 1).padStart(2, "0")}.csv`);
const RAGGED = SITES[0] as string;
const CONFIG_FIX = join(ROOT, FIX, "config/ci-gates.json");
const ERROR_ONLY = "test/fixtures/qualys/unsupported-scan-error-only.xml";

const ENV = { PATH: process.env.PATH ?? "", NO_COLOR: "1" };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: "utf8", env: { ...ENV, ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function shell(command: string): Run {
  const r = spawnSync("sh", ["-c", command], { cwd: ROOT, encoding: "utf8", env: ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (text: string): string[] => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

/** Exit 2, nothing on stdout, exactly one `scantriage: ...` line on stderr holding every fragment. */
function expectOneLineError(r: Run, ...fragments: string[]): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const got = lines(r.stderr);
  expect(got).toHaveLength(1);
  const line = got[0] ?? "";
  expect(line).toMatch(/^scantriage: /);
  for (const f of fragments) expect(line).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return line;
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh working directory holding copies of the two examples and, when given, a scantriage.config.json. */
function workdir(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "scantriage-ci-"));
  made.push(dir);
  copyFileSync(join(ROOT, CSV), join(dir, "scan-log.csv"));
  copyFileSync(join(ROOT, XML), join(dir, "qualys-scan.xml"));
  if (config !== undefined) writeFileSync(join(dir, "scantriage.config.json"), typeof config === "string" ? config : JSON.stringify(config, null, 2));
  return dir;
}

// --- the JSON report, as far as these tests read it -------------------------------------------

interface Diagnostic {
  code: string;
  severity: string;
  input: string | null;
  message: string;
}
interface Gate {
  name: string;
  flag: string;
  limit: number;
  value: number | null;
  passed: boolean;
  what: string;
}
interface Counts {
  ips: number;
  byCategory: Record<string, number>;
  byResponsible: Record<string, number>;
  byStatus: Record<string, number>;
}
interface Summary {
  totals: Counts & { accepted: Counts & { authFailures: number } };
  gated: { customerActions: number; notScanned: number; authFailures: number; averageSecurityRisk: number | null };
  gates: Gate[];
  diagnostics: Diagnostic[];
  warnings: string[];
  risk: { method: string; averageSecurityRisk: number | null };
  authFailures: { count: number };
  unrecognizedStatuses: Record<string, number>;
}
interface HostRow {
  ip: string | null;
  hostname: string | null;
  status: string;
  category: string;
  responsible: string;
  accepted?: { reason: string; until: string | null } | null;
}

const json = <T>(r: Run): T => JSON.parse(r.stdout) as T;
const warningsOf = (s: Summary) => s.diagnostics.filter((d) => d.severity === "warning");
/** How a warning diagnostic reads on stderr. */
const warningLine = (d: Diagnostic) => `scantriage: warning: ${d.input === null ? "" : `${d.input}: `}${d.message}`;

// --- JUnit, read back as a CI dashboard would ---------------------------------------------------

type XNode = Record<string, unknown>;

/** Well-formed for a strict XML parser (saxes) and for fast-xml-parser's validator; then parsed. */
function parseJunit(xml: string): XNode {
  const sax = new SaxesParser();
  sax.on("error", (e) => {
    throw e;
  });
  sax.write(xml).close();
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml) as XNode;
}
const root = (doc: XNode) => doc.testsuites as XNode;
const suites = (doc: XNode) => (root(doc).testsuite as XNode[] | undefined) ?? [];
const suite = (doc: XNode, name: string) => suites(doc).find((s) => s.name === name);
const cases = (doc: XNode, name: string) => (suite(doc, name)?.testcase as XNode[] | undefined) ?? [];

// ================================================================================================

describe("warnings reach stderr", () => {
  it("stderr holds exactly the warning-severity diagnostics, in every format and command; notes never", () => {
    const args = [CSV, RAGGED, "--max-average-risk", "5"];
    const r = run(["summarize", ...args, "--json"]);
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    const warnings = warningsOf(s);
    expect(warnings.map((d) => d.code)).toEqual(["csv.raggedRows", "triage.unrecognizedStatuses", "triage.gateNotJudged"]);
    expect(warnings[0]?.input).toBe(RAGGED);
    const expected = warnings.map(warningLine);
    expect(lines(r.stderr)).toEqual(expected);
    // The notes are in the report, not on stderr.
    const notes = s.diagnostics.filter((d) => d.severity === "note");
    expect(notes.map((d) => d.code)).toEqual(expect.arrayContaining(["triage.duplicatesCollapsed", "triage.noRiskData"]));
    for (const n of notes) expect(r.stderr).not.toContain(n.message);
    // The same lines whatever the format or command.
    for (const format of ["table", "csv", "markdown", "junit"]) {
      const other = run(["summarize", ...args, "--format", format]);
      expect(other.code, format).toBe(0);
      expect(lines(other.stderr), format).toEqual(expected);
    }
    const hosts = run(["hosts", ...args, "--format", "ndjson"]);
    expect(lines(hosts.stderr)).toEqual(expected);
  });

  it("a warning about one input names that input once", () => {
    const r = run(["summarize", EMPTY_SCAN, XML, "--json"]);
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ code: "triage.inputHoldsNothing", severity: "warning", input: EMPTY_SCAN }));
    expect(s.diagnostics.map((d) => d.code)).not.toContain("triage.nothingToTriage");
    const line = lines(r.stderr).find((l) => l.includes("holds no host"));
    expect(line).toBeDefined();
    expect(line?.startsWith(`scantriage: warning: ${EMPTY_SCAN}: `)).toBe(true);
    expect(line?.split(EMPTY_SCAN).length, "the input's path appears once").toBe(2);
  });

  it("at most 10 warning lines, then one '... and N more' line; the report keeps them all", () => {
    const inputs = [...SITES, CSV];
    const r = run(["summarize", ...inputs, "--json"]);
    expect(r.code).toBe(0);
    const warnings = warningsOf(json<Summary>(r));
    expect(warnings).toHaveLength(13);
    const got = lines(r.stderr);
    expect(got).toHaveLength(11);
    expect(got.slice(0, 10)).toEqual(warnings.slice(0, 10).map(warningLine));
    expect(got[10]).toMatch(/^scantriage: warning: \.\.\. and 3 more warnings/);
    // --strict counts all of them, not the 10 shown.
    const strict = run(["summarize", ...inputs, "--format", "csv", "--strict"]);
    expect(strict.code).toBe(1);
    expect(lines(strict.stderr).at(-1)).toMatch(/^scantriage: gate failed: --strict: 13 warnings \(/);
  });

  it("-q / --quiet keeps warnings off stderr; failed gates and errors still print", () => {
    expect(run(["summarize", CSV]).stderr).toContain("scantriage: warning: ");
    const quiet = run(["summarize", CSV, "-q"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toContain("23 IPs");
    expect(run(["summarize", ...SITES, CSV, "--quiet", "--json"]).stderr).toBe("");

    const gate = run(["summarize", CSV, "-q", "--max-customer-actions", "0"]);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toBe("scantriage: gate failed: --max-customer-actions 0: 9 IPs need action by the Customer (more than 0)\n");

    const strict = run(["summarize", CSV, "-q", "--strict"]);
    expect(strict.code).toBe(1);
    expect(lines(strict.stderr)).toHaveLength(1);
    expect(strict.stderr).toBe("scantriage: gate failed: --strict: 1 warning (triage.unrecognizedStatuses)\n");

    expectOneLineError(run(["summarize", "nope.csv", "-q"]), "nope.csv", "no such file");
  });
});

describe("--strict", () => {
  it("passes when there is no warning, as the last gate of the report", () => {
    const r = run(["summarize", XML, "--json", "--strict", "--max-customer-actions", "20"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const gates = json<Summary>(r).gates;
    expect(gates.map((g) => g.name)).toEqual(["maxCustomerActions", "strict"]);
    expect(gates[1]).toMatchObject({ name: "strict", flag: "--strict", value: 0, passed: true });
  });

  it("fails on any warning with exit 1, printed like a gate", () => {
    expect(run(["summarize", CSV]).code).toBe(0);
    const r = run(["summarize", CSV, "--json", "--strict"]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/^scantriage: warning: 1 IP has a status the status table does not know \("Timeout Exceeded"\)/),
      "scantriage: gate failed: --strict: 1 warning (triage.unrecognizedStatuses)",
    ]);
    expect(json<Summary>(r).gates).toEqual([expect.objectContaining({ name: "strict", value: 1, passed: false })]);
    // The same for a command other than summarize.
    const hosts = run(["hosts", CSV, "--format", "ndjson", "--strict"]);
    expect(hosts.code).toBe(1);
    expect(hosts.stdout.trimEnd().split("\n")).toHaveLength(23);
  });

  it("--max-average-risk on a scan log passes unjudged with a warning, which --strict turns into a failure", () => {
    const r = run(["summarize", CSV, "--json", "--max-average-risk", "0"]);
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    expect(s.gates).toEqual([expect.objectContaining({ name: "maxAverageRisk", limit: 0, value: null, passed: true })]);
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ code: "triage.gateNotJudged", severity: "warning" }));
    expect(r.stderr).toContain("scantriage: warning: --max-average-risk cannot be judged");
    const strict = run(["summarize", CSV, "--max-average-risk", "0", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("scantriage: gate failed: --strict: 2 warnings (triage.unrecognizedStatuses, triage.gateNotJudged)");
  });
});

describe("inputs that cannot have been a real scan result", () => {
  it("a run holding no IP at all warns 'nothing to triage', fails every gate given (and --strict)", () => {
    const plain = run(["summarize", EMPTY_SCAN, "--json"]);
    expect(plain.code).toBe(0);
    expect(lines(plain.stderr)).toEqual(["scantriage: warning: nothing to triage: the inputs hold no IP address or target at all"]);
    const r = run(["summarize", EMPTY_SCAN, "--json", "--max-customer-actions", "0"]);
    expect(r.code).toBe(1);
    const s = json<Summary>(r);
    expect(s.totals.ips).toBe(0);
    expect(warningsOf(s)).toEqual([expect.objectContaining({ code: "triage.nothingToTriage", input: null })]);
    expect(s.gates).toEqual([expect.objectContaining({ name: "maxCustomerActions", value: 0, passed: false })]);
    expect(lines(r.stderr)).toEqual([
      "scantriage: warning: nothing to triage: the inputs hold no IP address or target at all",
      "scantriage: gate failed: --max-customer-actions 0: 0 IPs: nothing to triage, the inputs hold no IP (a scan that never ran?)",
    ]);
    const hosts = run(["hosts", EMPTY_SCAN, "--format", "ndjson"]);
    expect(hosts.stdout).toBe("");
    expect(hosts.stderr).toContain("scantriage: warning: nothing to triage");
    const strict = run(["auth", EMPTY_SCAN, "--format", "json", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("scantriage: gate failed: --strict: 1 warning (triage.nothingToTriage)");
  });

  it("a SCAN holding only a Qualys ERROR is exit 2 quoting the error, in JUnit too", () => {
    expectOneLineError(run(["summarize", ERROR_ONLY, "--json", "--max-customer-actions", "100"]), ERROR_ONLY, "19001", 'option profile "Initial Options X" does not exist');
    const r = run(["summarize", ERROR_ONLY, "--format", "junit"]);
    expect(r.code).toBe(2);
    const doc = parseJunit(r.stdout);
    const input = cases(doc, "inputs")[0];
    expect(input?.name).toBe(ERROR_ONLY);
    expect(String((input?.error as XNode | undefined)?.message)).toContain("19001");
  });
});

describe("--format junit", () => {
  const GATE_ARGS = ["--max-customer-actions", "5", "--max-not-scanned", "100", "--max-auth-failures", "10", "--strict"];

  it("one test case per gate (failure message = the gate message), one per input, and a summary", () => {
    const inputs = [CSV, XML, RAGGED];
    const report = json<Summary>(run(["summarize", ...inputs, ...GATE_ARGS, "--json", "-q"]));
    const r = run(["summarize", ...inputs, ...GATE_ARGS, "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    const doc = parseJunit(r.stdout);

    // Gates: the JSON's gates, in order, failed ones with the message printed on stderr.
    const gates = cases(doc, "gates");
    expect(gates).toHaveLength(report.gates.length);
    expect(gates.map((c) => c.name)).toEqual(["--max-customer-actions 5", "--max-not-scanned 100", "--max-auth-failures 10", expect.stringMatching(/^--strict/)]);
    expect(gates.map((c) => c.failure !== undefined)).toEqual(report.gates.map((g) => !g.passed));
    expect(gates.map((c) => c.failure !== undefined)).toEqual([true, false, false, true]);
    const printed = lines(r.stderr)
      .filter((l) => l.startsWith("scantriage: gate failed: "))
      .map((l) => l.slice("scantriage: ".length));
    expect(printed).toHaveLength(2);
    expect(gates.filter((c) => c.failure !== undefined).map((c) => (c.failure as XNode).message)).toEqual(printed);
    // --strict's failure tells which warnings.
    expect(String((gates[3]?.failure as XNode)["#text"])).toContain("Timeout Exceeded");

    // Inputs: one per input; the ragged one carries its warning.
    const inputCases = cases(doc, "inputs");
    expect(inputCases.map((c) => c.name)).toEqual(inputs);
    expect(String(inputCases[2]?.["system-err"])).toContain("column count");

    // Summary, and counts that add up.
    expect(cases(doc, "summary")).toHaveLength(1);
    const top = root(doc);
    const all = suites(doc);
    expect(all.map((s) => s.name)).toEqual(["gates", "inputs", "summary"]);
    const sum = (key: string) => all.reduce((n, s) => n + Number(s[key]), 0);
    expect(Number(top.tests)).toBe(gates.length + inputs.length + 1);
    expect(Number(top.tests)).toBe(sum("tests"));
    expect([Number(top.failures), Number(top.errors)]).toEqual([2, 0]);
    expect(sum("failures")).toBe(2);
    for (const s of all) expect(Number(s.tests)).toBe(((s.testcase as XNode[] | undefined) ?? []).length);
  });

  it("all gates passing: no failure element, exit 0", () => {
    const r = run(["hosts", XML, "--format", "junit", "--max-customer-actions", "16", "--max-average-risk", "3.2", "--strict"]);
    expect(r.code).toBe(0);
    const doc = parseJunit(r.stdout);
    expect(cases(doc, "gates").map((c) => c.name)).toEqual(["--max-customer-actions 16", "--max-average-risk 3.2", expect.stringMatching(/^--strict/)]);
    expect(r.stdout).not.toContain("<failure");
    expect(root(doc).failures).toBe("0");
  });

  it("hostile statuses (markup, quotes, escape sequences, control characters) stay well-formed", () => {
    const r = run(["summarize", ODD, "--format", "junit", "--strict"]);
    expect(r.code).toBe(1);
    // XML 1.0 cannot hold these at all.
    const forbidden = [...r.stdout].filter((ch) => ch.charCodeAt(0) < 0x20 && !"\t\n\r".includes(ch));
    expect(forbidden).toEqual([]);
    const doc = parseJunit(r.stdout);
    const strict = cases(doc, "gates")[0];
    expect(String((strict?.failure as XNode)["#text"])).toContain('Timeout <5m> & "retry"');
  });

  it("unreadable inputs: the XML is still written, one <error> each, exit 2", () => {
    const dir = workdir();
    const out = join(dir, "report.xml");
    const r = run(["summarize", XML, "nope.csv", TRUNCATED, "--format", "junit", "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([expect.stringContaining("nope.csv: no such file"), expect.stringContaining(`${TRUNCATED}:131: `)]);
    const doc = parseJunit(readFileSync(out, "utf8"));
    const inputCases = cases(doc, "inputs");
    expect(inputCases.map((c) => c.name)).toEqual([XML, "nope.csv", TRUNCATED]);
    expect(inputCases[0]?.error).toBeUndefined();
    expect((inputCases[1]?.error as XNode).message).toBe("nope.csv: no such file");
    expect(String((inputCases[2]?.error as XNode).message)).toContain("cut off");
    expect(root(doc).errors).toBe("2");
    expect(readdirSync(dir).filter((n) => n.includes("report.xml"))).toEqual(["report.xml"]);
  });
});

describe("-o / --output", () => {
  it.each(["table", "json", "ndjson", "csv", "markdown", "junit"])("hosts --format %s -o writes exactly what stdout would have held", (format) => {
    const dir = workdir();
    const out = join(dir, `hosts.${format}`);
    const r = run(["hosts", XML, "--format", format, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    const direct = run(["hosts", XML, "--format", format]);
    expect(direct.stdout.length).toBeGreaterThan(100);
    expect(readFileSync(out, "utf8")).toBe(direct.stdout);
    expect(readdirSync(dir).filter((n) => n.includes("hosts."))).toEqual([`hosts.${format}`]);
  });

  it("a failed gate still writes the whole report (exit 1)", () => {
    const dir = workdir();
    const r = run(["summarize", "scan-log.csv", "--json", "-q", "--max-customer-actions", "0", "--output", "report.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(json<Summary>({ ...r, stdout: readFileSync(join(dir, "report.json"), "utf8") }).gates[0]).toMatchObject({ value: 9, passed: false });
  });

  it.each([
    ["a missing file", ["nope.csv"]],
    ["a cut-off XML after a good input", ["scan-log.csv", join(ROOT, TRUNCATED)]],
  ])("bad input (%s): no file, no temporary file, an existing target untouched", (_what, inputs) => {
    const dir = workdir();
    const fresh = run(["hosts", ...inputs, "--format", "ndjson", "-o", "fresh.ndjson"], { cwd: dir });
    expect(fresh.code).toBe(2);
    writeFileSync(join(dir, "kept.ndjson"), "previous run\n");
    const kept = run(["hosts", ...inputs, "--format", "ndjson", "-o", "kept.ndjson"], { cwd: dir });
    expect(kept.code).toBe(2);
    expect(readFileSync(join(dir, "kept.ndjson"), "utf8")).toBe("previous run\n");
    expect(readdirSync(dir).sort()).toEqual(["kept.ndjson", "qualys-scan.xml", "scan-log.csv"]);
  });

  it("an unwritable path is exit 2 with one line, refused before reading the inputs", () => {
    const dir = workdir();
    // nope.csv would be an error of its own: only the output's is reported.
    const missingDir = expectOneLineError(run(["summarize", "nope.csv", "-o", "no-such-dir/report.json"], { cwd: dir }), "no-such-dir/report.json");
    expect(missingDir).not.toContain("nope.csv");
    mkdirSync(join(dir, "reports"));
    expectOneLineError(run(["summarize", "scan-log.csv", "-o", "reports"], { cwd: dir }), "reports", "directory");
    expect(readdirSync(join(dir, "reports"))).toEqual([]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("a run stopped by %s (a cancelled CI job) leaves the target untouched and no temporary file", async (signal) => {
    const dir = workdir();
    writeFileSync(join(dir, "out.ndjson"), "previous run\n");
    const child = spawn(process.execPath, [BIN, "hosts", "-", "--format", "ndjson", "-o", "out.ndjson"], { cwd: dir, env: ENV, stdio: ["pipe", "pipe", "pipe"] });
    const closed = new Promise<void>((done) => child.on("close", () => done()));
    // Standard input stays open: the run waits for the rest of the scan log.
    child.stdin.write("IP,Status,Scan Info\n10.0.0.1,NoAnswer,No answer\n");
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && !readdirSync(dir).some((n) => n.endsWith(".tmp"))) await sleep(25);
    await sleep(100);
    child.kill(signal);
    await closed;
    expect(readFileSync(join(dir, "out.ndjson"), "utf8")).toBe("previous run\n");
    expect(readdirSync(dir).filter((n) => n !== "out.ndjson" && n.includes("out.ndjson"))).toEqual([]);
  });
});

describe("config file", () => {
  it("scantriage.config.json in the working directory sets the gates; --no-config ignores it", () => {
    const dir = workdir({ gates: { maxNotScanned: 3 } });
    const r = run(["summarize", "scan-log.csv", "--json", "-q"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("scantriage: gate failed: --max-not-scanned 3 (from scantriage.config.json): 16 IPs were not scanned (more than 3)\n");
    expect(json<Summary>(r).gates).toEqual([expect.objectContaining({ name: "maxNotScanned", limit: 3, value: 16, passed: false })]);
    const hosts = run(["hosts", "scan-log.csv", "--format", "csv", "-q"], { cwd: dir });
    expect(hosts.code).toBe(1);
    const ignored = run(["summarize", "scan-log.csv", "--json", "-q", "--no-config"], { cwd: dir });
    expect(ignored.code).toBe(0);
    expect(json<Summary>(ignored).gates).toEqual([]);
  });

  it("--config <file>: gates, strict, risk method and a status map relative to the config file", () => {
    const dir = workdir();
    const r = run(["summarize", "scan-log.csv", "--json", "--config", CONFIG_FIX], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const s = json<Summary>(r);
    expect(s.gates.map((g) => [g.name, g.limit, g.passed])).toEqual([
      ["maxCustomerActions", 9, true],
      ["maxNotScanned", 16, true],
      ["strict", 0, true],
    ]);
    // The status map maps "Timeout Exceeded", the example's only warning; without it --strict fails.
    expect(s.unrecognizedStatuses).toEqual({});
    expect(s.totals.byStatus.TimeoutExceeded).toBe(1);
    expect(run(["summarize", "scan-log.csv", "--strict", "-q"], { cwd: dir }).code).toBe(1);
    expect(json<Summary>(run(["summarize", "qualys-scan.xml", "--json", "-q", "--config", CONFIG_FIX], { cwd: dir })).risk.method).toBe("highest");
  });

  it("command-line options win over the file", () => {
    const dir = workdir({ gates: { maxNotScanned: 3, maxCustomerActions: 100 }, riskMethod: "highest" });
    const r = run(["summarize", "qualys-scan.xml", "--json", "--max-not-scanned", "20", "--risk-method", "average"], { cwd: dir });
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    expect(s.gates.map((g) => [g.name, g.limit])).toEqual([
      ["maxCustomerActions", 100],
      ["maxNotScanned", 20],
    ]);
    expect(s.risk).toMatchObject({ method: "average", averageSecurityRisk: 3.2 });
  });

  it.each([
    ["an unknown key", { gate: { maxNotScanned: 3 } }, ['unknown key "gate"', 'did you mean "gates"']],
    ["an unknown gate", { gates: { maxCustomerAction: 3 } }, ["gates", 'unknown key "maxCustomerAction"', 'did you mean "maxCustomerActions"']],
    ["an unknown accept key", { accept: [{ target: "10.0.0.1", reason: "x", util: "2030-01-01" }] }, ["accept[0]", 'unknown key "util"', 'did you mean "until"']],
    ["a string for a number", { gates: { maxCustomerActions: "3" } }, ["gates.maxCustomerActions"]],
    ["a string for a boolean", { strict: "yes" }, ["strict"]],
    ["an unknown risk method", { riskMethod: "max" }, ["riskMethod", "max"]],
    ["a bad date", { accept: [{ target: "10.0.0.1", reason: "x", until: "2030-13-45" }] }, ["accept[0].until"]],
    ["an accept entry without a reason", { accept: [{ target: "10.0.0.1" }] }, ["accept[0].reason"]],
    ["not JSON", "{ gates: ", ["not valid JSON"]],
  ])("%s is exit 2, one line naming it, before any input is read", (_what, config, fragments) => {
    const dir = workdir(config);
    const line = expectOneLineError(run(["summarize", "nope.csv", "--max-customer-actions", "0"], { cwd: dir }), "scantriage.config.json", ...fragments);
    expect(line).toMatch(/^scantriage: error: \S*scantriage\.config\.json: /);
    // --no-config is the way out.
    expect(run(["summarize", "scan-log.csv", "-q", "--no-config"], { cwd: dir }).code).toBe(0);
  });

  it("--config naming a missing file is exit 2, one line", () => {
    expectOneLineError(run(["summarize", "scan-log.csv", "--config", "ci/missing.json"], { cwd: workdir() }), "ci/missing.json");
  });
});

describe("accept list", () => {
  const LAB = { target: "10.20.1.0/29", statuses: ["noanswer"], reason: "lab subnet, powered off", until: "2099-12-31" };
  const EXPIRED = { target: "10.20.0.2", reason: "credential rotation", until: "2020-01-01" };

  it("a valid and an expired entry: marked, counted apart, left out of the gates; the expired one warns", () => {
    const dir = workdir({ gates: { maxCustomerActions: 10 }, accept: [LAB, EXPIRED] });
    const r = run(["summarize", "qualys-scan.xml", "--json"], { cwd: dir });
    // 16 IPs need the Customer, 6 of them accepted: 10, at the limit.
    expect(r.code).toBe(0);
    const expiredLine = 'scantriage: warning: accept list entry "10.20.0.2" expired on 2020-01-01 and is not applied (credential rotation)';
    expect(r.stderr).toBe(`${expiredLine}\n`);
    const s = json<Summary>(r);
    expect(warningsOf(s)).toEqual([expect.objectContaining({ code: "accept.expired", input: null })]);
    expect(lines(r.stderr)).toEqual(warningsOf(s).map(warningLine));
    expect(s.totals.accepted).toEqual({
      ips: 6,
      byCategory: { Scanned: 0, "Not Scanned": 6, Skipped: 0 },
      byResponsible: { Customer: 6, ServiceProvider: 0, None: 0 },
      byStatus: { NoAnswer: 6 },
      authFailures: 0,
    });
    // Accepted IPs keep their status in the totals; the gates see the rest.
    expect(s.totals.byResponsible.Customer).toBe(16);
    expect(s.totals.byStatus.NoAnswer).toBe(14);
    expect(s.gated).toEqual({ customerActions: 10, notScanned: 10, authFailures: 2, averageSecurityRisk: 3.2 });
    expect(s.gates).toEqual([expect.objectContaining({ name: "maxCustomerActions", limit: 10, value: 10, passed: true })]);

    // Without the accept list the same gate fails.
    expect(run(["summarize", "qualys-scan.xml", "-q", "--no-config", "--max-customer-actions", "10"], { cwd: dir }).code).toBe(1);
    // The expired entry's warning fails --strict.
    expect(run(["summarize", "qualys-scan.xml", "-q", "--strict"], { cwd: dir }).code).toBe(1);

    const hosts = run(["hosts", "qualys-scan.xml", "--json"], { cwd: dir });
    expect(hosts.code).toBe(0);
    expect(hosts.stderr).toBe(`${expiredLine}\n`);
    const rows = json<HostRow[]>(hosts);
    expect(rows).toHaveLength(21);
    const accepted = rows.filter((h) => h.accepted);
    expect(accepted.map((h) => h.ip)).toEqual(["10.20.1.0", "10.20.1.2", "10.20.1.3", "10.20.1.5", "10.20.1.6", "10.20.1.7"]);
    for (const h of accepted) {
      expect(h.status).toBe("NoAnswer");
      expect(h.accepted).toEqual({ reason: "lab subnet, powered off", until: "2099-12-31" });
    }
    // The expired entry's IP and the Success hosts inside the CIDR (not in "statuses") are not marked.
    for (const ip of ["10.20.0.2", "10.20.1.1", "10.20.1.4"]) expect(rows.find((h) => h.ip === ip)?.accepted ?? null).toBeNull();
  });

  it("the table and Markdown summaries show the accepted IPs, every gate with its result and where its limit came from, warnings apart from notes", () => {
    const dir = workdir({ gates: { maxCustomerActions: 10 }, accept: [LAB, EXPIRED, { target: "10.99.0.1", reason: "unused" }] });
    for (const format of ["table", "markdown"]) {
      const r = run(["summarize", "qualys-scan.xml", "--format", format, "--max-not-scanned", "3"], { cwd: dir, env: { COLUMNS: "120" } });
      expect(r.code).toBe(1);
      const out = r.stdout;
      const section = (name: string) => {
        const at = out.search(new RegExp(`^(#+ )?${name}$`, "m"));
        expect(at, `${format}: section ${name}`).toBeGreaterThan(0);
        const next = out.slice(at + name.length).search(/^(#+ )?[A-Z][a-z]+( [a-z]+)*$/m);
        return next < 0 ? out.slice(at) : out.slice(at, at + name.length + next);
      };
      const accepted = section("Accepted exceptions");
      expect(accepted).toContain("6 IPs on the accept list");
      expect(accepted).toMatch(/NoAnswer\W+6/);
      const gates = section("Gates");
      expect(gates).toMatch(/--max-customer-actions\W+10\W+10\W+passed\W+scantriage\.config\.json/);
      expect(gates).toMatch(/--max-not-scanned\W+3\W+10\W+FAILED\W+command line/);
      expect(section("Warnings")).toContain('accept list entry "10.20.0.2" expired');
      expect(section("Warnings")).not.toContain("10.99.0.1");
      expect(section("Notes")).toContain('accept list entry "10.99.0.1" matches no IP of this run');
    }
    // JUnit's summary case says how many IPs were accepted and labels each diagnostic.
    const junit = run(["summarize", "qualys-scan.xml", "--format", "junit", "-q"], { cwd: dir }).stdout;
    expect(junit).toContain("6 IPs on the accept list, left out of the gates");
    expect(junit).toContain("warning: accept list entry &quot;10.20.0.2&quot; expired");
    expect(junit).toContain("note: accept list entry &quot;10.99.0.1&quot; matches no IP");
  });

  it("hosts and auth tables mark accepted rows; a range is split where an entry starts and ends; the footer counts what is shown", () => {
    const dir = workdir({ accept: [{ target: "10.20.0.8-10.20.0.9", reason: "lab" }, { target: "10.20.0.3", reason: "creds" }] });
    // Markdown: the same rows as the table, one line each.
    const hosts = run(["hosts", "qualys-scan.xml", "-q", "--format", "markdown"], { cwd: dir });
    expect(hosts.code).toBe(0);
    const rowOf = (ip: string) => hosts.stdout.split("\n").find((l) => l.startsWith(`| ${ip} `)) ?? "";
    expect(rowOf("10.20.0.6")).toMatch(/^\| 10\.20\.0\.6 – 10\.20\.0\.7 \(2 IPs\) \| {2}\| NoAnswer \|/);
    expect(rowOf("10.20.0.8")).toMatch(/^\| 10\.20\.0\.8 – 10\.20\.0\.9 \(2 IPs\) \| {2}\| NoAnswer \(accepted\) \|/);
    expect(rowOf("10.20.0.10")).toMatch(/^\| 10\.20\.0\.10 – 10\.20\.0\.11 \(2 IPs\) \| {2}\| NoAnswer \|/);
    expect(rowOf("10.20.0.3")).toContain("NoCredential (accepted)");
    expect(hosts.stdout).toMatch(/^21 IPs \(\d+ rows; ranges shown compactly; 3 accepted\)$/m);

    const filtered = run(["hosts", "qualys-scan.xml", "-q", "--status", "NoAnswer"], { cwd: dir });
    expect(filtered.stdout).toMatch(/^14 IPs shown of 21 \(\d+ rows; ranges shown compactly; 2 accepted\)$/m);
    const none = run(["hosts", "qualys-scan.xml", "-q", "--status", "Aborted"], { cwd: dir });
    expect(none.stdout).toContain("No IP matches the filters (of 21 IPs).");

    const auth = run(["auth", "qualys-scan.xml", "-q"], { cwd: dir, env: { COLUMNS: "200" } });
    expect(auth.stdout).toContain("NoCredential (accepted)");
    expect(auth.stdout).toMatch(/^2 IPs failed authentication, 1 accepted$/m);
  });

  it("'until' is inclusive: an entry ending today applies, one that ended yesterday does not", () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const dir = workdir({
      accept: [
        { target: "app01.corp.example", reason: "rotating credentials", until: day(0) },
        { target: "10.20.0.3", reason: "old exception", until: day(-1) },
      ],
    });
    const r = run(["summarize", "qualys-scan.xml", "--json", "--max-auth-failures", "1"], { cwd: dir, env: { TZ: "UTC" } });
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    expect(s.totals.accepted.authFailures).toBe(1);
    expect(s.gated.authFailures).toBe(1);
    expect(warningsOf(s)).toEqual([expect.objectContaining({ code: "accept.expired", message: expect.stringContaining(`"10.20.0.3" expired on ${day(-1)}`) })]);
  });

  it("hostnames and ranges; accepted scanned hosts leave the risk gate; an unused entry is a note, not a warning", () => {
    const dir = workdir({
      accept: [
        { target: "DB01.corp.example", reason: "risk accepted until the migration" },
        { target: "10.20.0.6-10.20.0.8", reason: "decommissioned" },
        { target: "nas01.corp.example", reason: "NAS is off" },
        { target: "10.99.0.0/16", reason: "another site" },
      ],
    });
    const r = run(["summarize", "qualys-scan.xml", "--json", "--max-average-risk", "3", "--strict"], { cwd: dir });
    // Average 3.2 over all hosts; 3.0 without db01 (risk 4.0): the gate and --strict pass.
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const s = json<Summary>(r);
    expect(s.risk.averageSecurityRisk).toBe(3.2);
    expect(s.gated.averageSecurityRisk).toBe(3);
    expect(s.totals.accepted.ips).toBe(5);
    expect(s.totals.accepted.byCategory).toEqual({ Scanned: 1, "Not Scanned": 4, Skipped: 0 });
    expect(s.gated.customerActions).toBe(16 - 4);
    expect(s.diagnostics).toEqual([expect.objectContaining({ code: "accept.unused", severity: "note", message: expect.stringContaining("10.99.0.0/16") })]);
    expect(run(["summarize", "qualys-scan.xml", "-q", "--no-config", "--max-average-risk", "3"], { cwd: dir }).code).toBe(1);
  });

  it("an entry limited to statuses that no IP has any more is reported as unused", () => {
    // 10.20.0.2 fails authentication now; the exception was for it being down.
    const dir = workdir({ accept: [{ target: "10.20.0.2", statuses: ["NoAnswer"], reason: "switched off for the migration" }] });
    const s = json<Summary>(run(["summarize", "qualys-scan.xml", "--json"], { cwd: dir }));
    expect(s.totals.accepted.ips).toBe(0);
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ code: "accept.unused", message: expect.stringContaining("10.20.0.2") }));
  });

  it("hosts --format csv marks accepted IPs with one value per cell, never JSON", () => {
    const dir = workdir({ accept: [LAB] });
    const r = run(["hosts", "qualys-scan.xml", "--format", "csv"], { cwd: dir });
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(21);
    const row = rows.find((x) => x.ip === "10.20.1.0") ?? {};
    const cells = Object.values(row);
    expect(cells).toContain("lab subnet, powered off");
    expect(cells).toContain("2099-12-31");
    for (const cell of rows.flatMap((x) => Object.values(x))) expect(cell).not.toMatch(/^\s*[{[]/);
  });
});

describe("filters on hosts, auth and risk", () => {
  it("--status: comma-separated and repeatable, case-insensitive", () => {
    const r = run(["hosts", XML, "--json", "--status", "noanswer,CREDENTIALFAILED"]);
    expect(r.code).toBe(0);
    const rows = json<HostRow[]>(r);
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((h) => h.status))).toEqual(new Set(["NoAnswer", "CredentialFailed"]));
    const repeated = json<HostRow[]>(run(["hosts", XML, "--json", "--status", "NoAnswer", "--status", "success", "--category", "not scanned"]));
    expect(repeated).toHaveLength(14);
    expect(repeated.every((h) => h.status === "NoAnswer")).toBe(true);
  });

  it("--responsible and --category in every format; auth and risk too", () => {
    const csv = run(["hosts", XML, "--format", "csv", "--responsible", "none"]);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.every((x) => x.responsible === "None")).toBe(true);
    const ndjson = lines(run(["hosts", CSV, "--format", "ndjson", "--category", "Skipped", "-q"]).stdout).map((l) => JSON.parse(l) as HostRow);
    expect(ndjson.map((h) => h.status).sort()).toEqual(["SkippedAsExcluded", "SkippedAsSameAs", "SkippedAsWorkStation"]);
    const auth = json<HostRow[]>(run(["auth", CSV, "--json", "-q", "--status", "lockedaccount"]));
    expect(auth.map((h) => h.ip)).toEqual(["172.31.16.178"]);
    const risk = json<{ hosts: HostRow[] }>(run(["risk", XML, "--json", "--responsible", "Customer"]));
    expect(risk.hosts.map((h) => h.ip)).toEqual(["10.20.0.2", "10.20.0.3"]);
  });

  it("a filter never makes a gate pass: gates judge the whole triage", () => {
    const r = run(["hosts", XML, "--format", "csv", "--status", "Success", "--max-customer-actions", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--max-customer-actions 0: 16 IPs need action by the Customer");
  });

  it.each([
    [["hosts", XML, "--status", "NoAnwser"], ["--status", '"NoAnwser" (did you mean "NoAnswer"?)', "status glossary"]],
    [["auth", XML, "--category", "scaned"], ["--category", '"scaned" (did you mean "Scanned"?)', "choose from: Scanned, Not Scanned, Skipped"]],
    [["risk", XML, "--responsible", "vendor"], ["--responsible", '"vendor"; choose from: Customer, ServiceProvider, None']],
    [["summarize", XML, "--status", "NoAnswer"], ["--status"]],
  ])("%j is a usage error", (args, fragments) => {
    const line = expectOneLineError(run(args), ...fragments);
    expect(line).toMatch(/^scantriage: error: /);
  });
});

describe("usage errors: one line, exit 2", () => {
  it.each([
    [["summarize", CSV, "--max-customer-action", "3"], ["unknown option '--max-customer-action'", "(Did you mean --max-customer-actions?)"]],
    [["sumarize", CSV], ["unknown command 'sumarize'", "(Did you mean summarize?)"]],
    [["summarize"], ["missing required argument"]],
    [["hosts", CSV, "--format"], ["--format", "argument missing"]],
    [["summarize", CSV, "--bogus"], ["unknown option '--bogus'"]],
    [["summarize", CSV, "-o"], ["--output", "argument missing"]],
    [["summarize", CSV, "--max-not-scanned", "-1"], ["--max-not-scanned"]],
    [["summarize", CSV, "--json", "--format", "csv"], ["--json", "--format"]],
  ])("%j", (args, fragments) => {
    const r = run(args);
    const line = expectOneLineError(r, ...fragments);
    expect(line).toMatch(/^scantriage: error: /);
    expect(r.stderr).not.toContain("Usage:");
  });
});

describe("help and version into a closed pipe", () => {
  const node = `"${process.execPath}" "${BIN}"`;

  it.each([
    ["--help", "Usage: scantriage [options] [command]"],
    ["help summarize", "Usage: scantriage summarize [options] <input...>"],
    ["summarize --help", "Usage: scantriage summarize [options] <input...>"],
    ["--version", JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string],
  ])("%s | head -1 ends quietly", (args, first) => {
    const r = shell(`{ ${node} ${args}; echo "exit=$?" >&2; } | head -1`);
    expect(r.stdout).toBe(`${first}\n`);
    expect(r.stderr).toBe("exit=0\n");
    // A reader that is gone before the first byte is written (EPIPE on the first write).
    const gone = shell(`{ sleep 0.2; ${node} ${args}; echo "exit=$?" >&2; } | true`);
    expect(gone.stderr).toBe("exit=0\n");
  });

  it("the gate's exit code survives a closed pipe", () => {
    const r = shell(`{ sleep 0.2; ${node} hosts ${CSV} --format ndjson -q --max-customer-actions 0; echo "exit=$?" >&2; } | true`);
    expect(r.stderr).toBe("scantriage: gate failed: --max-customer-actions 0: 9 IPs need action by the Customer (more than 0)\nexit=1\n");
  });
});

it("the fixtures are where the tests expect them", () => {
  for (const f of [EMPTY_SCAN, ODD, TRUNCATED, ...SITES, CONFIG_FIX, ERROR_ONLY]) expect(existsSync(resolve(ROOT, f)), f).toBe(true);
});
