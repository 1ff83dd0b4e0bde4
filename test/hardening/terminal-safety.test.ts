/**
 * Output safety end to end: text from input files is untrusted. A hostname, status, log message
 * or finding title carrying terminal escape sequences (clear screen, window title, OSC 8 links,
 * 8-bit CSI, BEL, backspaces that overwrite what was printed) must never reach the terminal raw;
 * CSV cells that a spreadsheet would run as formulas are neutralised; JSON stays valid and keeps
 * the exact text.
 *
 * Guards src/render/sanitize.ts as wired into every renderer (table, markdown, csv, json, ndjson),
 * with colour on and off: a renderer that skipped safeCell / csvCell / safeJson leaves a raw
 * control character in stdout, and the checks below find it. Runs the built binary.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs, runBinary, runCapped, STACK_FRAME, tempDir } from "../fixtures/hostile/harness.js";
import { expectOnlyWarnings } from "../helpers/stderr.js";

afterAll(removeTempDirs);

const ESC = "\u001b";
const BEL = "\u0007";
const BS = "\u0008";
const CSI8 = "\u009b";
const DEL = "\u007f";

const dir = tempDir("scantriage-terminal-");

/** Hostile scan-log rows: [ip, status, hostname, message]. */
const HOSTILE_ROWS = [
  ["10.70.0.1", "Success", `evil${ESC}[2J${ESC}[H.example`, `ok ${ESC}]0;pwned${BEL} title`],
  ["10.70.0.2", "CredentialFailed", '=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0"],
  ["10.70.0.3", `${ESC}[31mNoAnswer${ESC}[0m`, "@SUM(1+1)", `-2+3 ${CSI8}2J csi`],
  ["10.70.0.4", "NoCredential", `bs${BS}${BS}${BS}hidden`, `${ESC}]8;;http://evil.example${BEL}link${ESC}]8;;${BEL} bell${BEL}`],
  ["10.70.0.5", `${BEL}${BEL}Ring`, `del${DEL}name`, `tab\tand\rcr`],
] as const;

function csvField(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Benign rows dilute the control characters, or content detection would call the file binary. */
const scanLog = join(dir, "hostile.csv");
writeFileSync(
  scanLog,
  [
    "IP,Status,Host Name,Message",
    ...HOSTILE_ROWS.map((r) => r.map(csvField).join(",")),
    `${csvField(`bad${ESC}[2Jtarget`)},Success,x,a row that is skipped and quoted in the summary`,
    ...Array.from({ length: 40 }, (_, i) => `10.70.1.${i},Success,host-${i}.example,a perfectly ordinary row`),
  ].join("\n") + "\n",
);

/**
 * A Qualys SCAN with escapes as character references. `&#27;` is not an XML character and stays
 * literal in the tokenizer; Qualys text gets a second entity decode (CDATA that carries entities),
 * which turns it into a real ESC. `&#x9b;` is an XML character: CSI straight away.
 */
const scanXml = join(dir, "hostile.xml");
writeFileSync(
  scanXml,
  `<?xml version="1.0" encoding="UTF-8"?>
<SCAN value="scan/1">
<HEADER><KEY value="TARGET">10.71.0.1-10.71.0.2</KEY><KEY value="STATUS">FINISHED</KEY></HEADER>
<IP value="10.71.0.1" name="evil&#27;[2J&#27;]0;pwned&#7;.example">
  <OS>Linux&#8;&#8;&#8;&#8;&#8;Windows</OS>
  <INFOS><CAT value="x">
    <INFO number="105015" severity="2"><TITLE><![CDATA[Windows Authentication Failed &#27;[31m&#x9b;2J]]></TITLE></INFO>
  </CAT></INFOS>
</IP>
</SCAN>
`,
);
const XML_HOSTNAME = `evil${ESC}[2J${ESC}]0;pwned${BEL}.example`;
const XML_DETAIL = `QID 105015: Windows Authentication Failed ${ESC}[31m${CSI8}2J`;

/** The SGR sequences chalk emits for our tones (bold, dim, red, green, yellow and their resets). */
// eslint-disable-next-line no-control-regex
const OUR_COLOURS = /\u001b\[(?:1|2|22|31|32|33|39)m/g;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function rawControls(text: string): string[] {
  return [...text].filter((c) => RAW_CONTROL.test(c)).map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

const ENVS = {
  "NO_COLOR=1": { PATH: process.env.PATH, NO_COLOR: "1" },
  "FORCE_COLOR=1": { PATH: process.env.PATH, FORCE_COLOR: "1" },
} as const;
type EnvName = keyof typeof ENVS;

const run = (command: string, format: string, env: EnvName) => runBinary([command, scanLog, scanXml, "--format", format], { env: ENVS[env] });

describe.each(Object.keys(ENVS) as EnvName[])("terminal formats, %s", (env) => {
  const cases = [
    ["summarize", "table"],
    ["hosts", "table"],
    ["auth", "table"],
    ["summarize", "markdown"],
    ["hosts", "markdown"],
    ["auth", "markdown"],
  ] as const;

  it.each(cases)("%s --format %s: no raw control character, the hostile rows still shown", async (command, format) => {
    const r = await run(command, format, env);
    expect(r.code).toBe(0);
    expectOnlyWarnings(r.stderr);
    expect(rawControls(r.stderr)).toEqual([]);
    const coloured = env === "FORCE_COLOR=1" && format === "table";
    // With colour on, our own SGR codes are the only escapes allowed (and they must be there).
    if (coloured) expect(r.stdout).toMatch(OUR_COLOURS);
    const text = coloured ? r.stdout.replace(OUR_COLOURS, "") : r.stdout;
    expect(rawControls(text)).toEqual([]);
    // Shown, made visible: not silently dropped.
    expect(r.stdout).toContain("pwned");
    expect(r.stdout).toMatch(/\\x1b/);
    if (command !== "summarize") expect(r.stdout).toMatch(/\\x07/);
  });
});

describe("CSV output", () => {
  it.each(Object.keys(ENVS) as EnvName[])("hosts --format csv (%s): formulas neutralised, controls escaped", async (env) => {
    const r = await run("hosts", "csv", env);
    expect(r.code).toBe(0);
    // Line breaks and tabs inside quoted cells are CSV; nothing else may be raw.
    expect(rawControls(r.stdout)).toEqual([]);
    const rows = parseCsv(r.stdout, { columns: true, relax_column_count: true }) as Record<string, string>[];
    const byIp = new Map(rows.map((row) => [row.ip, row]));
    expect(byIp.get("10.70.0.2")).toMatchObject({ hostname: `'=HYPERLINK("http://evil.example","click")`, detail: "'+cmd|' /C calc'!A0" });
    expect(byIp.get("10.70.0.3")?.hostname).toBe("'@SUM(1+1)");
    expect(byIp.get("10.70.0.3")?.detail).toMatch(/^'-2\+3 /);
    for (const row of rows) for (const [column, value] of Object.entries(row)) {
      // Numbers (securityRisk) are not formulas; every text cell is checked.
      if (column !== "securityRisk") expect(value, `${column} of ${row.ip}`).not.toMatch(/^[=+\-@]/);
    }
  });

  it("summarize --format csv: unrecognised statuses from the data are escaped too", async () => {
    const r = await run("summarize", "csv", "NO_COLOR=1");
    expect(r.code).toBe(0);
    expect(rawControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain("unrecognized,\\x1b[31mNoAnswer\\x1b[0m,1\n");
    expect(r.stdout).toContain("unrecognized,\\x07\\x07Ring,1\n");
  });
});

describe("JSON output: valid, exact text, nothing raw", () => {
  it.each(["json", "ndjson"])("hosts --format %s keeps the original text", async (format) => {
    const r = await run("hosts", format, "FORCE_COLOR=1");
    expect(r.code).toBe(0);
    // JSON escapes C0 itself; safeJson escapes DEL and C1 (U+009B is a terminal CSI).
    expect(rawControls(r.stdout)).toEqual([]);
    const rows = (format === "json" ? JSON.parse(r.stdout) : r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)) as {
      ip: string;
      hostname: string | null;
      rawStatus: string;
      detail: string | null;
      os: string | null;
    }[];
    const byIp = new Map(rows.map((row) => [row.ip, row]));
    for (const [ip, status, hostname, message] of HOSTILE_ROWS) {
      expect(byIp.get(ip)).toMatchObject({ rawStatus: status, hostname, detail: message });
    }
    expect(byIp.get("10.71.0.1")).toMatchObject({ hostname: XML_HOSTNAME, detail: XML_DETAIL, os: `Linux${BS.repeat(5)}Windows` });
  });

  it("summarize --format json keeps the skipped row's text exactly", async () => {
    const r = await run("summarize", "json", "NO_COLOR=1");
    expect(rawControls(r.stdout)).toEqual([]);
    const s = JSON.parse(r.stdout) as { inputs: { skippedRows: { reason: string }[] }[]; unrecognizedStatuses: Record<string, number> };
    expect(s.inputs[0]?.skippedRows[0]?.reason).toContain(`bad${ESC}[2Jtarget`);
    expect(Object.keys(s.unrecognizedStatuses)).toEqual(expect.arrayContaining([`${ESC}[31mNoAnswer${ESC}[0m`, `${BEL}${BEL}Ring`]));
  });

  it("hosts --format json into a pipe that closes early ends quietly (exit 0, no stack trace)", async () => {
    // The e2e suite checks ndjson | head; the JSON array streams too and must behave the same.
    const big = join(dir, "big.csv");
    writeFileSync(big, `IP,Status\n${Array.from({ length: 60_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},NoAnswer`).join("\n")}\n`);
    const r = await runBinary(["hosts", big, "--format", "json"], { maxStdout: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.code).toBe(0);
    expectOnlyWarnings(r.stderr);
    expect(r.stdout.startsWith("[\n  {")).toBe(true);
  });
});

/**
 * Was a bug (found by the XML fuzz): error messages quote text from the file (the encoding name,
 * the root element, a SIMPLE_RETURN's TEXT) raw, so a hostile file can print escapes to stderr or
 * turn the "one line per problem" into several. Fix in one place: InputError (src/cli/errors.ts)
 * should build its message with safeCell from src/render/sanitize.ts (one line, controls
 * escaped). Remove .fails once fixed.
 */
describe("stderr: error messages that quote the file", () => {
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const documents: [string, () => string][] = [
    [
      "SIMPLE_RETURN text with escapes",
      () => write("simple-return.xml", `<?xml version="1.0"?>\n<SIMPLE_RETURN><RESPONSE><CODE>1</CODE><TEXT>${ESC}]0;pwned${BEL} ${ESC}[2J hi</TEXT></RESPONSE></SIMPLE_RETURN>\n`),
    ],
    ["an encoding name with a line break", () => write("encoding-newline.xml", `<?xml version="1.0" encoding="x\nscantriage: all good"?>\n<SCAN/>\n`)],
    ["a root element named with an 8-bit CSI", () => write("root-csi.xml", `<?xml version="1.0"?>\n<R${CSI8}31m/>\n`)],
  ];

  it.each(documents)("%s: one line, no raw control character", async (_name, file) => {
    const path = file();
    const r = await runCapped("hosts", [path], { format: "json" });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(rawControls(r.stderr.trimEnd())).toEqual([]);
  });
});
