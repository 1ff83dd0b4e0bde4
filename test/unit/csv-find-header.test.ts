import { describe, expect, it } from "vitest";
import { CSV_FIELDS, HEADER_SYNONYMS, fieldForHeader, headerKey, matchHeader } from "../../src/formats/scan-log-csv/find-header.js";

describe("headerKey", () => {
  it.each([
    ["IP Address", "ipaddress"],
    ["ip_address", "ipaddress"],
    ["IP-Address", "ipaddress"],
    ["I.P. (Address)", "ipaddress"],
    ["\uFEFFTime", "time"],
    ["  Scan\tStatus ", "scanstatus"],
  ])("%j -> %j", (text, key) => {
    expect(headerKey(text)).toBe(key);
  });
});

describe("fieldForHeader", () => {
  it("knows every synonym of the spec table", () => {
    for (const field of CSV_FIELDS) for (const synonym of HEADER_SYNONYMS[field]) expect(fieldForHeader(synonym)).toBe(field);
  });

  it.each([
    ["IP", "target"],
    ["Target_IP", "target"],
    ["HOST-IP", "target"],
    ["Scan Status", "status"],
    ["SCANSTATUS", "status"],
    ["Result", "status"],
    ["Host Name", "hostname"],
    ["DNS.Name", "hostname"],
    ["Guessed OS", "os"],
    ["Last Scanned", "time"],
    ["Scan Info", "message"],
    ["Log Description", "message"],
    ["Target IP Open Ports", "openPorts"],
    ["Appliance Name", "appliance"],
    ["Job Name", "job"],
    ["Keychain", "credential"],
    ["Elapsed", "duration"],
    ["Category", "category"],
    ["Action Required By", "responsible"],
    ["Action", "action"],
    ["Owner", null],
    ["IP Addresses", null],
    ["", null],
  ])("%j -> %s", (text, field) => {
    expect(fieldForHeader(text)).toBe(field);
  });
});

describe("matchHeader", () => {
  it("reads the Scan Status export shape", () => {
    const layout = matchHeader(["Time", "IP", "Status", "Duration", "Scan Info"]);
    expect(layout).toEqual({
      fields: { time: 0, target: 1, status: 2, duration: 3, message: 4 },
      extraKeys: [null, null, null, "duration", null],
      width: 5,
    });
  });

  it("reads the Scan Issues shape", () => {
    const header = "IP Address,Scan Status,Target IP Open Ports,Host Name,Log Description,Guessed OS,Appliance Name,Job Name,Last Scanned";
    expect(matchHeader(header.split(","))).toEqual({
      fields: { target: 0, status: 1, openPorts: 2, hostname: 3, message: 4, os: 5, appliance: 6, job: 7, time: 8 },
      extraKeys: [null, null, "openPorts", null, null, null, "appliance", "job", null],
      width: 9,
    });
  });

  it("passes unrecognised and repeated columns through under unique keys", () => {
    expect(matchHeader([" IP ", "Status", "Owner", "", "Target", "Owner"])?.extraKeys).toEqual([
      null,
      null,
      "Owner",
      "column 4",
      "Target",
      "Owner (column 6)",
    ]);
  });

  it.each([[["IP", "Hostname"]], [["Status", "Message"]], [["Scan Status export"]], [[]]])("needs a target and a status: %j", (cells) => {
    expect(matchHeader(cells)).toBeNull();
  });
});
