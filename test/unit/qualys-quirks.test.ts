/**
 * Every quirk of real Qualys files listed in shared/spec/qualys-xml.md, one fixture each: the file
 * must be read, and read right, not merely survive.
 */
import { describe, expect, it } from "vitest";
import { allWarnings, hostsByKey, summarizeFixtures } from "./qualys-fixture.js";

describe("Qualys XML quirks: prolog and trailer", () => {
  it("white space and newlines before <?xml ...?>", async () => {
    const s = await summarizeFixtures(["quirk-leading-newline.xml"]);
    expect(s.inputs[0]?.format).toBe("qualys-scan");
    expect(s.totals.byStatus).toEqual({ Success: 1 });
    const hosts = await hostsByKey(["quirk-leading-newline.xml"]);
    expect(hosts.get("192.0.2.10")).toMatchObject({ hostname: "www.example.com", confirmed: 1, securityRisk: 3, os: "Linux 4.x" });
  });

  it("no XML declaration and no DOCTYPE", async () => {
    const s = await summarizeFixtures(["quirk-no-declaration.xml"]);
    expect(s.inputs[0]?.format).toBe("qualys-scan");
    expect(s.totals.byStatus).toEqual({ Success: 1, NoAnswer: 1 });
  });

  it("an XML declaration but no DOCTYPE", async () => {
    const hosts = await hostsByKey(["quirk-no-doctype.xml"]);
    expect(hosts.get("192.0.2.30")).toMatchObject({ status: "Success", confirmed: 1, info: 3, securityRisk: 4 });
  });

  it("comments before, inside and after the root (repeated keep-alive, 'scan is running on ... //-->')", async () => {
    const s = await summarizeFixtures(["quirk-comments.xml"]);
    expect(s.totals.byStatus).toEqual({ Success: 2 });
    expect(allWarnings(s)).toEqual([]);
    const hosts = await hostsByKey(["quirk-comments.xml"]);
    expect(hosts.get("192.0.2.40")).toMatchObject({ confirmed: 1, info: 2, securityRisk: 3 });
    expect(hosts.get("192.0.2.41")).toMatchObject({ confirmed: 2, info: 1, securityRisk: 4 });
  });

  it("a copyright trailer comment and a stray form feed after the root", async () => {
    const s = await summarizeFixtures(["quirk-trailer-form-feed.xml"]);
    expect(s.totals.byStatus).toEqual({ Success: 1 });
    expect(s.risk.averageSecurityRisk).toBe(2);
  });
});

describe("Qualys XML quirks: element order and text", () => {
  it("every IP before HEADER: the TARGET and EXCLUDED_TARGET keys read last still apply", async () => {
    const s = await summarizeFixtures(["quirk-ips-before-header.xml"]);
    expect(s.totals.byStatus).toEqual({ Success: 2, NoAnswer: 1, SkippedAsExcluded: 1 });
    expect(allWarnings(s)).toEqual([]);
    const hosts = await hostsByKey(["quirk-ips-before-header.xml"]);
    expect(hosts.get("192.0.2.60")).toMatchObject({ status: "Success", hostname: "fw-mgmt.example.com", securityRisk: 4 });
    expect(hosts.get("192.0.2.62")?.status).toBe("NoAnswer");
    expect(hosts.get("192.0.2.63")?.status).toBe("SkippedAsExcluded");
  });

  it("CDATA that still carries entities: the auth finding's title is decoded a second time", async () => {
    const hosts = await hostsByKey(["quirk-cdata-entity-title.xml"]);
    expect(hosts.get("192.0.2.70")).toMatchObject({
      status: "CredentialFailed",
      detail: 'QID 105053: Unix Authentication Failed for the host\'s "qualys" account',
    });
  });

  it("HTML markup inside DIAGNOSIS, CONSEQUENCE and SOLUTION is ignored, findings still counted", async () => {
    const hosts = await hostsByKey(["quirk-html-in-diagnosis.xml"]);
    expect(hosts.get("192.0.2.80")).toMatchObject({ status: "Success", confirmed: 1, potential: 1, info: 2, securityRisk: 2 });
  });

  it("line breaks inside start and end tags", async () => {
    const s = await summarizeFixtures(["quirk-tag-line-breaks.xml"]);
    expect(s.totals.byStatus).toEqual({ Success: 1, NoAnswer: 1 });
    const hosts = await hostsByKey(["quirk-tag-line-breaks.xml"]);
    expect(hosts.get("192.0.2.90")).toMatchObject({ hostname: "nas01.example.com", os: "Synology DSM 7.2", confirmed: 1, info: 2, securityRisk: 3 });
  });

  it("white space around CDATA is trimmed: header keys, OS, titles", async () => {
    const s = await summarizeFixtures(["quirk-cdata-whitespace.xml"]);
    expect(s.totals.byStatus).toEqual({ CredentialFailed: 1, Success: 1 });
    expect(allWarnings(s).filter((w) => /target|alive|not FINISHED/i.test(w))).toEqual([]);
    const hosts = await hostsByKey(["quirk-cdata-whitespace.xml"]);
    expect(hosts.get("192.0.2.100")).toMatchObject({ os: "Windows Server 2022 Standard", detail: "QID 105015: Windows Authentication Failed" });
    expect(hosts.get("192.0.2.101")).toMatchObject({ status: "Success", os: "Windows Server 2019" });
  });

  it('RESULT format="table" (tab-separated with a header row) is read as plain text', async () => {
    const hosts = await hostsByKey(["quirk-result-table.xml"]);
    expect(hosts.get("192.0.2.110")).toMatchObject({ status: "Success", confirmed: 1, info: 4, securityRisk: 2 });
  });

  it("one QID on several ports / protocols counts once per port and protocol; an exact repeat counts once", async () => {
    const hosts = await hostsByKey(["quirk-same-qid-ports.xml"]);
    // 38173 on 443/tcp and 8443/tcp (severity 2), 78030 on 161/udp and 161/tcp (severity 3);
    // the second 38173 on 443/tcp and the second 45017 are exact repeats. (2+2+3+3)/4 = 2.5
    expect(hosts.get("192.0.2.120")).toMatchObject({ confirmed: 4, info: 2, securityRisk: 2.5 });
  });

  it('name="No registered hostname" is a placeholder, not a hostname', async () => {
    const hosts = await hostsByKey(["quirk-no-registered-hostname.xml"]);
    expect(hosts.get("192.0.2.130")?.hostname).toBeNull();
    expect(hosts.get("192.0.2.131")?.hostname).toBe("camera-07.example.com");
  });
});

describe("Qualys XML quirks: samples that contradict themselves", () => {
  it("a scanned host inside a NO_RESULTS range is scanned, with a conflict warning", async () => {
    const s = await summarizeFixtures(["quirk-scanned-inside-no-results.xml"]);
    expect(s.totals.byStatus).toEqual({ NoResult: 15, Success: 1 });
    expect(allWarnings(s)).toEqual([expect.stringMatching(/1 host has results but also lies in a "no results" appendix range.*198\.51\.100\.5/)]);
    const hosts = await hostsByKey(["quirk-scanned-inside-no-results.xml"]);
    expect(hosts.get("198.51.100.5")).toMatchObject({ status: "Success", hostname: "vpn.example.com", securityRisk: 4 });
    expect(hosts.get("198.51.100.4")?.status).toBe("NoResult");
  });

  it("a header NBHOST_ALIVE that does not match the hosts present is a warning", async () => {
    const s = await summarizeFixtures(["quirk-alive-count-mismatch.xml"]);
    expect(s.totals.byStatus).toEqual({ NoAnswer: 3, Success: 1 });
    expect(s.inputs[0]?.warnings).toEqual(["header says 3 hosts alive, the file has results for 1"]);
  });
});
