/**
 * HOST_LIST_VM_DETECTION_OUTPUT: a list paged by the API (page 1 ends with WARNING 1980 and a URL
 * with id_min=1002; page 2 starts at host ID 1002), detection kinds and statuses, an IPv6-only host.
 */
import { describe, expect, it } from "vitest";
import { allWarnings, fixture, hostsByKey, summarizeFixtures } from "./qualys-fixture.js";

const PAGE_1 = "detections-page-1.xml";
const PAGE_2 = "detections-page-2.xml";

describe("detection list pages", () => {
  it("both pages given: no missing-page warning, hosts of both counted", async () => {
    const s = await summarizeFixtures([PAGE_1, PAGE_2]);
    expect(s.inputs.map((i) => i.format)).toEqual(["qualys-detections", "qualys-detections"]);
    expect(s.inputs.map((i) => i.records)).toEqual([2, 2]);
    expect(allWarnings(s)).toEqual([]);
    expect(s.totals.byStatus).toEqual({ Success: 3, CredentialFailed: 1 });
    // 2.0, 4.0, (3 + 5) / 2 = 4.0, 0 -> 10 / 4 = 2.5
    expect(s.risk).toMatchObject({ averageSecurityRisk: 2.5, activeHosts: 4 });
  });

  it("the pages in any order", async () => {
    const s = await summarizeFixtures([PAGE_2, PAGE_1]);
    expect(allWarnings(s)).toEqual([]);
  });

  it("page 1 alone: a warning names page 1 and the host ID its successor starts at", async () => {
    const s = await summarizeFixtures([PAGE_1]);
    expect(s.warnings).toEqual([expect.stringContaining(`${fixture(PAGE_1)} is one page of a detection list (next page starts at host ID 1002)`)]);
    expect(s.inputs[0]?.warnings).toEqual([]);
  });

  it("page 2 alone (the last page) needs no successor", async () => {
    const s = await summarizeFixtures([PAGE_2]);
    expect(allWarnings(s)).toEqual([]);
  });
});

describe("a page whose URL is escaped once more inside CDATA", () => {
  it("the next page's id_min is still found", async () => {
    const s = await summarizeFixtures(["detections-escaped-url.xml"]);
    expect(s.warnings).toEqual([expect.stringContaining("(next page starts at host ID 2001)")]);
    // Read as a page, not reported as an unexplained API warning; the Fixed detection without
    // SEVERITY is not counted, so its missing severity is not reported either.
    expect(s.inputs[0]?.warnings).toEqual([]);
  });
});

describe("detections", () => {
  it("Confirmed, Potential and Info kinds; a Fixed detection does not count", async () => {
    const hosts = await hostsByKey([PAGE_1, PAGE_2]);
    // 38173 (2) Active counts; 91834 (5) Fixed does not.
    expect(hosts.get("10.40.0.1")).toMatchObject({ status: "Success", hostname: "erp01.corp.example", confirmed: 1, potential: 1, info: 2, securityRisk: 2 });
    expect(hosts.get("10.40.0.3")).toMatchObject({ confirmed: 2, info: 2, securityRisk: 4 });
    expect(hosts.get("10.40.0.4")).toMatchObject({ status: "Success", confirmed: 0, potential: 0, info: 1, securityRisk: 0 });
  });

  it("an IPv6-only host (IPV6 element, no IP) is read and normalised; its auth QID decides the status, with the QID's known title", async () => {
    const hosts = await hostsByKey([PAGE_1]);
    expect(hosts.get("2001:db8:40::1")).toMatchObject({
      status: "CredentialFailed",
      hostname: "erp-db01.corp.example",
      detail: "QID 105053: Unix Authentication Failed",
      confirmed: 1,
      info: 2,
      securityRisk: 4,
      os: "Red Hat Enterprise Linux 9.3",
    });
  });
});
