/**
 * OS and services breakdowns need QIDs 45017 and 82023 / 82004 in the option profile: a scan whose
 * hosts lack them says so instead of leaving the breakdown silently empty.
 */
import { describe, expect, it } from "vitest";
import { allWarnings, summarizeFixtures } from "./qualys-fixture.js";

const NO_OS = /QID 45017 \(Operating System Detected\)/;
const NO_SERVICES = /QID 82023 or 82004 \(Open TCP \/ UDP Services List\)/;

describe("option-profile coverage warnings", () => {
  it("hosts without 45017 and without 82023 / 82004: both warnings", async () => {
    const s = await summarizeFixtures(["coverage-missing-os-services.xml"]);
    const warnings = s.inputs[0]?.warnings ?? [];
    expect(warnings).toHaveLength(2);
    expect(warnings).toContainEqual(expect.stringMatching(NO_OS));
    expect(warnings).toContainEqual(expect.stringMatching(NO_SERVICES));
  });

  it("45017 present, no services QID: only the services warning", async () => {
    const s = await summarizeFixtures(["coverage-missing-services.xml"]);
    expect(s.inputs[0]?.warnings).toEqual([expect.stringMatching(NO_SERVICES)]);
  });

  it("45017 on one host and 82004 (UDP) on another: no coverage warning", async () => {
    const s = await summarizeFixtures(["coverage-present.xml"]);
    expect(allWarnings(s)).toEqual([]);
  });

  it("a scan with no live host says nothing about coverage", async () => {
    const s = await summarizeFixtures(["status-no-host-alive.xml"]);
    expect(allWarnings(s).filter((w) => NO_OS.test(w) || NO_SERVICES.test(w))).toEqual([]);
  });

  it("asset reports and detection lists are checked the same way", async () => {
    const report = await summarizeFixtures(["status-asset-report-auth.xml"]);
    expect(report.inputs[0]?.warnings).toEqual([expect.stringMatching(NO_SERVICES)]);
    const detections = await summarizeFixtures(["detections-page-1.xml", "detections-page-2.xml"]);
    expect(allWarnings(detections)).toEqual([]);
  });
});
