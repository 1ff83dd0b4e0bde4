import { describe, expect, it } from "vitest";
import { hostObject } from "../../src/render/columns.js";
import { csvColumns, csvRenderer, extraColumnsOf } from "../../src/render/csv.js";
import { iterateRows } from "../../src/aggregate/host-row.js";
import { summarize } from "../../src/aggregate/summarize.js";
import { contextFor, findings, host, renderText, sampleTriage, triageOf } from "./render-fixture.js";

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

  it("uses the JSON row keys as columns, the same on every line", () => {
    const triage = triageOf([host(0, "10.0.0.1", "Success", { extra: { site: "paris" } }), host(0, "10.0.0.2", "NoAnswer")]);
    const [first] = iterateRows(triage, "average");
    // Severity levels and the detected OS / services spread over columns; what only a map/reduce part needs is left out.
    const spread: Record<string, string[]> = {
      confirmedBySeverity: [1, 2, 3, 4, 5].map((l) => `confirmed_sev${l}`),
      potentialBySeverity: [1, 2, 3, 4, 5].map((l) => `potential_sev${l}`),
      infoBySeverity: [1, 2, 3, 4, 5].map((l) => `info_sev${l}`),
      detected: ["detected_qids", "detected_oses", "detected_services"],
      priority: [],
      hostnameFrom: [],
      findingsFrom: [],
      run: [],
    };
    const keys = Object.keys(hostObject(first!))
      .filter((k) => k !== "extra")
      .flatMap((k) => spread[k] ?? [k]);
    expect(csvColumns("hosts").filter((c) => !c.startsWith("accepted_"))).toEqual(keys);
    const rows = parseCsv(csv("hosts", triage));
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([csvColumns("hosts", ["site"]).length]));
  });

  it("gives each extra scan-log column a column of its own, named after it, in the order first seen", () => {
    const triage = triageOf([
      host(0, "10.0.0.1", "Success", { extra: { site: "paris", duration: "7 minutes" } }),
      host(0, "10.0.0.2", "NoAnswer"),
      host(0, "10.0.0.3", "NoAnswer", { extra: { owner: "=ops", site: "lyon" } }),
    ]);
    expect(extraColumnsOf([triage])).toEqual(["site", "duration", "owner"]);
    const [header = [], ...data] = parseCsv(csv("hosts", triage));
    expect(header.slice(header.indexOf("otherHostnames"))).toEqual(["otherHostnames", "site", "duration", "owner", "accepted_reason", "accepted_until"]);
    const column = (name: string) => data.map((r) => r[header.indexOf(name)]);
    expect(column("site")).toEqual(["paris", "", "lyon"]);
    expect(column("duration")).toEqual(["7 minutes", "", ""]);
    expect(column("owner")).toEqual(["", "", "'=ops"]);
  });

  it("tells apart an extra column named like one of its own", () => {
    const triage = triageOf([host(0, "10.0.0.1", "Success", { hostname: "web01", extra: { hostname: "web01.corp", Status: "x" } })]);
    const [header = [], row = []] = parseCsv(csv("hosts", triage));
    expect(row[header.indexOf("hostname")]).toBe("web01");
    expect(row[header.indexOf("extra_hostname")]).toBe("web01.corp");
    expect(row[header.indexOf("extra_Status")]).toBe("x");
  });

  it("spreads an acceptance over accepted_reason and accepted_until", () => {
    expect(csvColumns("hosts").slice(-2)).toEqual(["accepted_reason", "accepted_until"]);
    const [header = [], row = []] = parseCsv(csv("hosts", triageOf([host(0, "10.0.0.1", "Success")])));
    expect(row[header.indexOf("accepted_reason")]).toBe("");
  });

  it("never puts JSON in a cell, for any command", () => {
    const triage = triageOf([
      host(0, "10.0.0.1", "CredentialFailed", { extra: { site: "paris" }, findings: findings([1, 0, 2, 0, 1]) }),
      host(0, "10.0.0.2", "Success", { findings: findings([0, 3, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 4]) }),
    ]);
    for (const command of ["summarize", "hosts", "auth", "risk"] as const) {
      for (const t of [triage, sampleTriage()]) {
        const rows = parseCsv(csv(command, t));
        expect(new Set(rows.map((r) => r.length)).size).toBe(1);
        for (const cell of rows.flat()) expect(cell).not.toMatch(/^[[{]/);
      }
    }
  });

  it("prints one line per IP for hosts (ranges expanded), with escapes from the data made visible", () => {
    const out = csv("hosts");
    expect(out.trimEnd().split("\n")).toHaveLength(1 + 263);
    expect(out).toContain("\n10.0.1.200,,NoAnswer,");
    expect(out).toContain(",evil\\x1b[31mred\\x9bhost,");
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\x9b");
  });

  it("risk rows carry the severity counts as columns <kind>_sev1..5", () => {
    const rows = parseCsv(csv("risk"));
    const header = rows[0] ?? [];
    const levels = (kind: string) => [1, 2, 3, 4, 5].map((l) => `${kind}_sev${l}`);
    expect(header).toEqual(expect.arrayContaining([...levels("confirmed"), ...levels("potential"), ...levels("info")]));
    expect(header.some((h) => h.endsWith("BySeverity"))).toBe(false);
    const app01 = rows.find((r) => r[0] === "10.0.1.1") ?? [];
    const value = (name: string) => app01[header.indexOf(name)];
    expect(value("securityRisk")).toBe("3");
    expect(levels("confirmed").map(value)).toEqual(["1", "0", "2", "0", "1"]);
    expect(levels("potential").map(value)).toEqual(["0", "1", "0", "0", "0"]);
    expect(levels("info").map(value)).toEqual(["3", "0", "0", "0", "0"]);
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
      "risk|confirmed_sev3|2",
      "accepted|ips|0",
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

  it("gives each gate's limit, value and verdict a row of its own", () => {
    const triage = sampleTriage();
    const ctx = { ...contextFor("summarize", triage), summary: summarize(triage, "average", { thresholds: { maxNotScanned: 10, maxAverageRisk: 4 }, strict: false }) };
    const rows = parseCsv(renderText(csvRenderer, ctx)).map((r) => r.join("|"));
    expect(rows).toEqual(expect.arrayContaining(["gate|maxNotScanned.limit|10", "gate|maxNotScanned.value|259", "gate|maxNotScanned.passed|false", "gate|maxAverageRisk.passed|true"]));
  });

  it("leaves the average empty when no host was scanned with findings", () => {
    const out = csv("summarize", triageOf([host(0, "10.0.0.1", "Success")]));
    expect(out).toContain("\nrisk,averageSecurityRisk,\n");
    expect(out).toMatch(/\nwarning,,no security risk: /);
  });
});
