import { describe, expect, it } from "vitest";
import { readSepLine, sampleLines, sniffDelimiter, splitLine } from "../../src/parse/csv/sniff-delimiter.js";
import { scanLogHeaderScore } from "../../src/formats/scan-log-csv/find-header.js";

describe("readSepLine", () => {
  it.each([
    ["sep=;\r\nIP;Status", { delimiter: ";", length: 7 }],
    ["sep=,\nIP,Status", { delimiter: ",", length: 6 }],
    ['"sep=|"\rIP|Status', { delimiter: "|", length: 8 }],
    ["SEP=\t\nIP\tStatus", { delimiter: "\t", length: 6 }],
    ["sep=;", { delimiter: ";", length: 5 }],
    ["IP;Status\nsep=;", null],
    ["sep=\nIP", null],
    ["sep=;;\n", null],
  ])("%j", (text, expected) => {
    expect(readSepLine(text)).toEqual(expected);
  });
});

describe("splitLine", () => {
  it.each([
    ["a,b,c", ",", ["a", "b", "c"]],
    ['"a,b",c', ",", ["a,b", "c"]],
    ['"say ""hi""";x', ";", ['say "hi"', "x"]],
    ["a\tb", "\t", ["a", "b"]],
    ["a,,", ",", ["a", "", ""]],
    ['x"y,z', ",", ['x"y', "z"]],
  ])("%j split on %j", (line, delimiter, cells) => {
    expect(splitLine(line, delimiter)).toEqual(cells);
  });
});

describe("sampleLines", () => {
  it("drops empty lines and a cut-off last line", () => {
    expect(sampleLines("a\r\n\r\nb\rc\nd", false)).toEqual(["a", "b", "c"]);
    expect(sampleLines("a\r\n\r\nb\rc\nd", true)).toEqual(["a", "b", "c", "d"]);
  });
  it("keeps at most 50 lines", () => {
    expect(sampleLines("x\n".repeat(80), true)).toHaveLength(50);
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["comma", ["Time,IP,Status,Duration,Scan Info", "Oct 05 01:02,10.0.0.1,Success,a minute,ok"], ","],
    ["semicolon, commas in the data", ["IP;Status;Message", '10.0.0.1;Success;"a, b, c"'], ";"],
    ["tab", ["IP Address\tScan Status\tHost Name"], "\t"],
    ["pipe", ["ip|status"], "|"],
    ["title lines above the header", ["Scan Status export, all jobs", "", "IP;Status"], ";"],
    ["quoted header", ['"IP Address","Scan Status"'], ","],
    ["more recognised columns win", ["IP;Status", "IP,Status,Hostname,OS"], ","],
    ["then the earlier header line", ["IP|Status", "IP,Status"], "|"],
    ["not a scan log", ["name,price", "apple,1"], null],
    ["target but no status", ["IP,Hostname"], null],
    ["nothing", [], null],
  ])("%s", (_name, lines, expected) => {
    expect(sniffDelimiter(lines, scanLogHeaderScore)).toBe(expected);
  });
});
