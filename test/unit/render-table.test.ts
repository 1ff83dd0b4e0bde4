import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadColors, tableRenderer } from "../../src/render/table/table-renderer.js";
import { contextFor, EVIL_HOSTNAME, findings, host, renderText, sampleTriage, triageOf } from "./render-fixture.js";

const ESC = "\x1b";

// Coloured output needs chalk, which the CLI loads only then (RENDERERS.table.load(true)).
beforeAll(loadColors);

function table(command: Parameters<typeof contextFor>[0], triage = sampleTriage(), options: Parameters<typeof contextFor>[2] = {}): string {
  return renderText(tableRenderer, contextFor(command, triage, options));
}

/** 120 credential failures and 80 closed ports: a realistic Customer action list. */
function customerTriage() {
  const hosts = [];
  for (let i = 1; i <= 120; i++) hosts.push(host(0, `10.1.0.${i}`, "CredentialFailed"));
  for (let i = 1; i <= 80; i++) hosts.push(host(0, `10.2.0.${i}`, "NoConnection"));
  hosts.push(host(0, "10.3.0.1", "Success"));
  return triageOf(hosts);
}

describe("table format, summarize", () => {
  it("has the title, the category counts with shares, and no escape sequences without colour", () => {
    const out = table("summarize");
    expect(out).not.toContain(ESC);
    expect(out.split("\n")[0]).toBe("263 IPs from 2 inputs");
    expect(out).toMatch(/│ Scanned\s+│\s+3 │\s+1\.1% │/);
    expect(out).toMatch(/│ Not Scanned\s+│\s+259 │\s+98\.5% │/);
    expect(out).toMatch(/│ Skipped\s+│\s+1 │\s+0\.4% │/);
  });

  it("lists the top actions per responsible party with their counts", () => {
    const out = table("summarize", customerTriage());
    expect(out).toMatch(/│ Customer\s+│\s+200 │\s+99\.5% │ Check Credentials \(120\), Check firewall ports \(80\)\s+│/);
    expect(out).toMatch(/│ None\s+│\s+1 │\s+0\.5% │ None \(1\)/);
  });

  it("prints thousands separators", () => {
    const hosts = [];
    for (let i = 0; i < 1200; i++) hosts.push(host(0, `10.4.${Math.floor(i / 256)}.${i % 256}`, "NoAnswer"));
    const out = table("summarize", triageOf(hosts));
    expect(out.split("\n")[0]).toBe("1,200 IPs from 1 input");
    expect(out).toMatch(/│ NoAnswer\s+│ 1,200 │ Not Scanned/);
  });

  it("colours categories green / red / yellow only when asked", () => {
    const out = table("summarize", sampleTriage(), { color: true });
    expect(out).toContain(ESC);
    expect(out).toContain("\x1b[32mScanned");
    expect(out).toContain("\x1b[31mNot Scanned");
    expect(out).toContain("\x1b[33mSkipped");
  });

  it("shows escape sequences from the data as visible text, with or without colour", () => {
    for (const color of [false, true]) {
      const out = table("summarize", sampleTriage(), { color });
      expect(out).toContain("evil\\x1b[31mred\\x9bhost");
      expect(out).not.toContain(EVIL_HOSTNAME);
      expect(out).not.toContain("\x1b[31mred");
      expect(out).not.toContain("\x9b");
    }
  });

  it("marks unrecognised statuses in the status table and lists them with counts", () => {
    const out = table("summarize");
    expect(out).toMatch(/│ Frobnicated \(unrecognised\)\s+│\s+1 │ Not Scanned\s+│ ServiceProvider\s+│ Check Logs/);
    expect(out).toContain("Unrecognised statuses");
    expect(out).toMatch(/│ Frobnicated\s+│\s+1 │/);
  });

  it("gives the average security risk with method and active hosts, and severity counts", () => {
    const out = table("summarize");
    expect(out).toContain("Average security risk: 1.5 (method: average, 2 active hosts)");
    expect(out).toMatch(/│ Confirmed\s+│\s+1 │\s+0 │\s+2 │\s+0 │\s+1 │\s+4 │/);
    expect(out).toMatch(/│ Information gathered\s+│\s+3 │/);
  });

  it("says there is no security risk when no scanned host has findings, and the warning explains why", () => {
    const out = table("summarize", triageOf([host(0, "10.0.0.1", "Success")]));
    expect(out).toContain("Average security risk: none (no scanned hosts with findings)");
    expect(out).not.toContain("Sev 1");
    expect(out).toContain("scan logs and scan summaries record scan status only");
  });

  it("shows the first authentication failures with a hint when there are more", () => {
    const hosts = [];
    for (let i = 1; i <= 12; i++) hosts.push(host(0, `10.0.0.${i}`, "CredentialFailed", { detail: `denied ${i}` }));
    const out = table("summarize", triageOf(hosts));
    expect(out).toContain("12 IPs failed authentication");
    // No failure has a hostname, so that column is left out.
    expect(out).toMatch(/│ 10\.0\.0\.1\s+│ CredentialFailed │ denied 1\s+│ Check Credentials │/);
    expect(out).not.toContain("denied 11");
    expect(out).toContain("Showing 10 of 12: see `scantriage auth` for the full list.");
  });

  it("has no hint when every authentication failure is shown, and a friendly line when there is none", () => {
    expect(table("summarize")).not.toContain("scantriage auth");
    expect(table("summarize", triageOf([host(0, "10.0.0.1", "Success")]))).toContain("No authentication failures.");
  });

  it("lists inputs with their first skipped rows, then how many more", () => {
    const out = table("summarize");
    expect(out).toMatch(/│ logs\/scan-log\.csv │ scan-log-csv │\s+15 │\s+7 │\s+8 │/);
    expect(out).toContain("logs/scan-log.csv: 8 skipped rows");
    expect(out).toContain('  - line 20: target "bad20" is neither an IP address nor a hostname');
    expect(out).toContain("  - line 24:");
    expect(out).not.toContain("line 25:");
    expect(out).toContain("  - … and 3 more");
  });

  it("prefixes input warnings with the input path", () => {
    expect(table("summarize")).toContain("  - logs/scan-log.csv: not valid UTF-8; read as Windows-1252");
  });
});

describe("table format, hosts", () => {
  it("prints an inferred range as one row and a footer with IPs and rows", () => {
    const out = table("hosts");
    expect(out).toMatch(/│ 10\.0\.1\.3 – 10\.0\.1\.255 \(253 IPs\) │\s+│ NoAnswer\s+│ Not Scanned │ Customer\s+│ Check Scope, Firewalls, is device turned on\? │\s+- │ qualys\/scan\.xml:5\s+│ no answer to discovery/);
    expect(out).toMatch(/│ 10\.0\.1\.1\s+│ app01\s+│ Success\s+│ Scanned\s+│ None\s+│ None\s+│\s+3\.0 │ qualys\/scan\.xml:40/);
    expect(out.trimEnd().split("\n").at(-1)).toBe("263 IPs (11 rows; ranges shown compactly)");
    expect(out).not.toContain(ESC);
  });

  it("stitches row batches into one aligned table", () => {
    const hosts = [];
    for (let i = 0; i < 1234; i++) hosts.push(host(0, `10.5.${Math.floor(i / 256)}.${i % 256}`, "Success", { hostname: i === 1100 ? "a-much-longer-hostname-late-in-the-list" : `h${i}` }));
    const lines = table("hosts", triageOf(hosts)).trimEnd().split("\n");
    const tableLines = lines.slice(0, -1);
    expect(tableLines.filter((l) => l.startsWith("┌"))).toHaveLength(1);
    expect(tableLines.filter((l) => l.startsWith("└"))).toHaveLength(1);
    expect(tableLines.filter((l) => l.startsWith("├"))).toHaveLength(1); // only under the header
    expect(tableLines.filter((l) => l.startsWith("│ 10.5."))).toHaveLength(1234);
    expect(new Set(tableLines.map((l) => [...l].length)).size).toBe(1);
    expect(lines.at(-1)).toBe("1,234 IPs (1,234 rows)");
  });

  it("wraps a long detail to the terminal width instead of cutting it", () => {
    const detail = "the connection was refused by the remote host after the handshake timed out twice in a row";
    const out = table("hosts", triageOf([host(0, "10.0.0.1", "ConnectionFailed", { detail })]), { width: 150 });
    const lines = out.trimEnd().split("\n");
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(150);
    expect(lines.map((l) => l.split("│").at(-2)?.trim() ?? "").join(" ")).toContain(detail);
  });
});

describe("table format, auth and risk", () => {
  it("auth lists the failures with detail, action and source", () => {
    const out = table("auth");
    expect(out).toMatch(/│ 10\.0\.0\.5\s+│ evil\\x1b\[31mred\\x9bhost │ CredentialFailed │ Access denied \| wrong password │ Check Credentials\s+│ logs\/scan-log\.csv:3 │/);
    expect(out).toContain("2 IPs failed authentication");
  });

  it("hosts says so when there is no IP", () => {
    expect(table("hosts", triageOf([]))).toBe("No IPs in the inputs.\n");
  });

  it("auth says so when there is no failure", () => {
    expect(table("auth", triageOf([host(0, "10.0.0.1", "Success")]))).toBe("No authentication failures.\n");
  });

  it("risk lists hosts with findings, then the average and the totals by severity", () => {
    const out = table("risk");
    expect(out).toMatch(/│ 10\.0\.1\.1 │ app01\s+│\s+3\.0 │\s+4 │\s+1 │\s+3 │\s+1 │\s+0 │\s+2 │\s+0 │\s+1 │/);
    expect(out).toContain("Average security risk: 1.5 (method: average, 2 active hosts)");
    expect(out).toMatch(/│ Potential\s+│\s+0 │\s+1 │/);
  });

  it("risk says so when no scanned host has findings", () => {
    expect(table("risk", triageOf([host(0, "10.0.0.1", "Success")]))).toBe("No security risk: no scanned host with findings in the inputs.\n");
  });

  it("risk uses the per-host value of the chosen data", () => {
    const out = table("risk", triageOf([host(0, "10.0.0.1", "Success", { findings: findings([0, 1, 1, 0, 0]) })], "qualys-scan"));
    expect(out).toMatch(/│ 10\.0\.0\.1 │\s+2\.5 │/);
  });
});

describe("table format is pure", () => {
  afterEach(() => vi.restoreAllMocks());

  it("returns text without writing anywhere, and renders the same twice", () => {
    const write = vi.spyOn(process.stdout, "write");
    const ctx = contextFor("hosts", sampleTriage());
    const first = renderText(tableRenderer, ctx);
    expect(renderText(tableRenderer, ctx)).toBe(first);
    expect(write).not.toHaveBeenCalled();
  });
});
