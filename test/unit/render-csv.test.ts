import { describe, expect, it } from "vitest";
import { hostObject } from "../../src/render/columns.js";
import { csvColumns, csvRenderer } from "../../src/render/csv.js";
import { iterateRows } from "../../src/aggregate/host-row.js";
import { contextFor, host, renderText, sampleTriage, triageOf } from "./render-fixture.js";

function csv(command: Parameters<typeof contextFor>[0], triage = sampleTriage()): string {
  return renderText(csvRenderer, contextFor(command, triage));
}

/** A small RFC 4180 reader, to check the output the way a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += c;
    }
  }
  return rows;
}

const HOSTILE = [
  host(0, "10.0.0.1", "CredentialFailed", { hostname: "=cmd|' /C calc'!A0", detail: "+1" }),
  host(0, "10.0.0.2", "CredentialFailed", { hostname: "-2", detail: "@SUM(A1)" }),
  host(0, "10.0.0.3", "CredentialFailed", { hostname: "plain", detail: 'said "no", then\nleft' }),
];

describe("csv format", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    const rows = parseCsv(csv("auth", triageOf(HOSTILE)));
    const [header, ...data] = rows;
    const col = (name: string) => (header ?? []).indexOf(name);
    expect(data.map((r) => r[col("hostname")])).toEqual(["'=cmd|' /C calc'!A0", "'-2", "plain"]);
    expect(data.map((r) => r[col("detail")])).toEqual(["'+1", "'@SUM(A1)", 'said "no", then\nleft']);
  });

  it("quotes commas, quotes and newlines", () => {
    const out = csv("auth", triageOf(HOSTILE));
    expect(out).toContain(',"said ""no"", then\nleft",');
    expect(csv("auth")).toContain(',"Unlock the account, then Check Credentials",');
  });

  it("prints the header alone when there are no rows", () => {
    const out = csv("auth", triageOf([host(0, "10.0.0.1", "Success")]));
    expect(out).toBe(`${csvColumns("auth").join(",")}\n`);
    expect(out.startsWith("ip,hostname,status,detail,action")).toBe(true);
  });

  it("uses the JSON row keys as columns, the same on every line, nested values as JSON", () => {
    const triage = triageOf([host(0, "10.0.0.1", "Success", { extra: { site: "paris" } }), host(0, "10.0.0.2", "NoAnswer")]);
    const [first] = iterateRows(triage, "average");
    expect(csvColumns("hosts")).toEqual(Object.keys(hostObject(first!)));
    const rows = parseCsv(csv("hosts", triage));
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([csvColumns("hosts").length]));
    expect(rows[1]?.at(-1)).toBe('{"site":"paris"}');
    expect(rows[2]?.at(-1)).toBe("");
  });

  it("prints one line per IP for hosts (ranges expanded), with escapes from the data made visible", () => {
    const out = csv("hosts");
    expect(out.trimEnd().split("\n")).toHaveLength(1 + 263);
    expect(out).toContain("\n10.0.1.200,,NoAnswer,");
    expect(out).toContain(",evil\\x1b[31mred\\x9bhost,");
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\x9b");
  });

  it("risk rows carry the severity arrays as JSON text", () => {
    const rows = parseCsv(csv("risk"));
    const header = rows[0] ?? [];
    const app01 = rows.find((r) => r[0] === "10.0.1.1") ?? [];
    expect(app01[header.indexOf("securityRisk")]).toBe("3");
    expect(app01[header.indexOf("confirmedBySeverity")]).toBe("[1,0,2,0,1]");
  });

  it("flattens summarize into section,key,value rows", () => {
    const rows = parseCsv(csv("summarize")).map((r) => r.join("|"));
    expect(rows[0]).toBe("section|key|value");
    for (const expected of [
      "total|ips|263",
      "category|Not Scanned|259",
      "responsible|Customer|258",
      "action|Customer: Check Scope, Firewalls, is device turned on?|254",
      "status|Frobnicated|1",
      "risk|method|average",
      "risk|averageSecurityRisk|1.5",
      "risk|activeHosts|2",
      "risk|confirmed.severity3|2",
      "authFailures|count|2",
      "authFailures|10.0.0.5|CredentialFailed",
      "unrecognized|Frobnicated|1",
      "input|logs/scan-log.csv|15",
      "classified|logs/scan-log.csv|7",
      "skipped|logs/scan-log.csv|8",
      "warning|logs/scan-log.csv|not valid UTF-8; read as Windows-1252",
    ]) {
      expect(rows).toContain(expected);
    }
  });

  it("leaves the average empty when no host was scanned with findings", () => {
    const out = csv("summarize", triageOf([host(0, "10.0.0.1", "Success")]));
    expect(out).toContain("\nrisk,averageSecurityRisk,\n");
    expect(out).toMatch(/\nwarning,,no security risk: /);
  });
});
