import { describe, expect, it } from "vitest";
import { cleanCell, isPlaceholder, valueOrNull } from "../../src/parse/csv/cells.js";
import { matchHeader, type HeaderLayout } from "../../src/formats/scan-log-csv/find-header.js";
import { rowToHost, type RowContext } from "../../src/formats/scan-log-csv/row-to-host.js";

describe("cells", () => {
  it.each([
    ["  a b  ", "a b"],
    ['"own quotes" ', '"own quotes"'],
    ['say "hi"', 'say "hi"'],
    ['"a"b"', '"a"b"'],
    [undefined, ""],
  ])("cleanCell(%j) = %j", (raw, clean) => {
    expect(cleanCell(raw)).toBe(clean);
  });

  it.each([
    ["", true],
    ["-", true],
    ["N/A", true],
    ["n/a", true],
    ["None", true],
    ["Unknown", false],
    ["0", false],
    ["NoAnswer", false],
  ])("isPlaceholder(%j) = %s", (cell, expected) => {
    expect(isPlaceholder(cell)).toBe(expected);
  });

  it("valueOrNull", () => {
    expect(valueOrNull(" N/A ")).toBeNull();
    expect(valueOrNull(" x ")).toBe("x");
  });
});

function context(header: string[]): RowContext {
  const layout = matchHeader(header) as HeaderLayout;
  return { layout, headerNames: header, input: 3, readTime: (cell) => (cell === "" ? null : 42) };
}

describe("rowToHost", () => {
  const ctx = context(["IP", "Status", "Hostname", "Message", "OS", "Time", "Job", "Owner"]);

  it("maps every column", () => {
    expect(rowToHost(["10.0.0.1", " Success ", "h1", "ok", "Linux", "t", "Nightly", "Team A"], 7, ctx)).toEqual({
      kind: "host",
      ragged: false,
      observation: {
        ip: "10.0.0.1",
        address: { family: 4, text: "10.0.0.1", value: 167772161n },
        hostname: "h1",
        rawStatus: "Success",
        detail: "ok",
        time: 42,
        evidence: "direct",
        input: 3,
        line: 7,
        os: "Linux",
        extra: { job: "Nightly", Owner: "Team A" },
      },
    });
  });

  it.each([
    ["10.0.0.1", "10.0.0.1", null],
    ["010.000.000.001", "10.0.0.1", null],
    ["10.0.0.1:443", "10.0.0.1", null],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1", null],
    ["[2001:db8::1]:22", "2001:db8::1", null],
    ["fe80::1%eth0", "fe80::1", null],
    ["server01", null, "server01"],
    ["server01.corp.example:8443", null, "server01.corp.example"],
  ])("target %j -> ip %s, hostname %s", (target, ip, hostname) => {
    const outcome = rowToHost([target, "Success"], 2, context(["IP", "Status"]));
    expect(outcome).toMatchObject({ kind: "host", observation: { ip, hostname } });
  });

  it("keeps an empty status and placeholders as null", () => {
    const outcome = rowToHost(["10.0.0.1", "", "N/A", "-", "n/a", "", "", ""], 2, ctx);
    expect(outcome).toMatchObject({ kind: "host", observation: { rawStatus: "", hostname: null, detail: null, os: null, time: null, extra: {} } });
  });

  it("keeps a differing hostname column when the target is a hostname", () => {
    const outcome = rowToHost(["web01", "Success", "web01.example.com"], 2, ctx);
    expect(outcome).toMatchObject({ observation: { ip: null, hostname: "web01", extra: { hostname: "web01.example.com" } }, ragged: true });
  });

  it("keeps cells beyond the header under their column number", () => {
    const outcome = rowToHost(["10.0.0.1", "Success", "", "", "", "", "", "", "surplus"], 2, ctx);
    expect(outcome).toMatchObject({ ragged: true, observation: { extra: { "column 9": "surplus" } } });
  });

  it("does not let a header named __proto__ touch the prototype", () => {
    const outcome = rowToHost(["10.0.0.1", "Success", "x"], 2, context(["IP", "Status", "__proto__"]));
    expect(outcome.kind === "host" && Object.keys(outcome.observation.extra ?? {})).toEqual(["__proto__"]);
  });

  it.each([
    [["", "Success"], "csv.skip.emptyTarget", { column: "IP" }],
    [["N/A", "Success"], "csv.skip.emptyTarget", { column: "IP" }],
    [["10.0.0.0/24", "NoAnswer"], "csv.skip.badTarget", { text: "10.0.0.0/24" }],
    [["=cmd|' /C calc'!A0", "Success"], "csv.skip.badTarget", { text: "=cmd|' /C calc'!A0" }],
    [["10.0.0.1"], "csv.skip.missingColumns", { cells: 1, expected: 8, missing: "Status" }],
    [["Total 31"], "csv.skip.footer", { text: "Total 31" }],
    [["Total", "31"], "csv.skip.footer", { text: "Total 31" }],
    [["Grand total:", "", "", "31"], "csv.skip.footer", { text: "Grand total: 31" }],
    [["31 records"], "csv.skip.footer", { text: "31 records" }],
    [["IP", "Status", "Hostname"], "csv.skip.repeatedHeader", {}],
    [["IP Address", "Scan Status"], "csv.skip.repeatedHeader", {}],
  ])("skips %j: %s", (cells, code, args) => {
    expect(rowToHost(cells, 9, ctx)).toEqual({ kind: "skip", reason: { code, args } });
  });

  it("never takes a real address for a summary line", () => {
    expect(rowToHost(["10.0.0.1", "Total 3"], 2, ctx)).toMatchObject({ kind: "host", observation: { ip: "10.0.0.1" } });
  });
});
