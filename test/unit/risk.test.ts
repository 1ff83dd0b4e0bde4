import { describe, expect, it } from "vitest";
import { averageRiskTenths, hostRisk, hostRiskTenths, RISK_METHODS, tenthsToNumber } from "../../src/aggregate/risk.js";
import { addFinding, emptyFindingCounts, type FindingCounts } from "../../src/model/findings.js";

/** Finding counts from lists of severities per kind. */
function findings(confirmed: readonly number[], potential: readonly number[] = [], info: readonly number[] = []): FindingCounts {
  const counts = emptyFindingCounts();
  for (const s of confirmed) addFinding(counts, "confirmed", s);
  for (const s of potential) addFinding(counts, "potential", s);
  for (const s of info) addFinding(counts, "info", s);
  return counts;
}

function repeat(severity: number, times: number): number[] {
  return new Array<number>(times).fill(severity);
}

describe("hostRiskTenths: average of confirmed severities, rounded half up to one decimal", () => {
  it.each([
    ["one severity 1", [1], 10],
    ["one severity 5", [5], 50],
    ["all 2", [2, 2, 2], 20],
    ["1.25 -> 1.3", [1, 1, 1, 2], 13],
    ["1.75 -> 1.8", [1, 2, 2, 2], 18],
    ["2.85 -> 2.9", [...repeat(3, 17), ...repeat(2, 3)], 29],
    ["2.45 -> 2.5", [...repeat(2, 11), ...repeat(3, 9)], 25],
    ["1.05 -> 1.1", [...repeat(1, 19), 2], 11],
    ["4.35 -> 4.4", [...repeat(4, 13), ...repeat(5, 7)], 44],
    ["4.15 -> 4.2", [...repeat(4, 17), ...repeat(5, 3)], 42],
    ["1.333 -> 1.3", [1, 1, 2], 13],
    ["1.667 -> 1.7", [1, 2, 2], 17],
    ["2.04 -> 2.0", [...repeat(2, 24), 3], 20],
    ["3.0 from 1 and 5", [1, 5], 30],
    ["1.8 from the spec host", [1, 2, 2, 2, 2], 18],
  ])("%s", (_what, confirmed, tenths) => {
    expect(hostRiskTenths(findings(confirmed), "average")).toBe(tenths);
  });

  it("ignores potential and information-gathered findings", () => {
    expect(hostRiskTenths(findings([2], [5, 5, 5], [1, 1]), "average")).toBe(20);
    expect(hostRiskTenths(findings([], [5, 5], [4]), "average")).toBe(0);
  });

  it("is 0 without a confirmed vulnerability", () => {
    expect(hostRiskTenths(emptyFindingCounts(), "average")).toBe(0);
    expect(hostRiskTenths(emptyFindingCounts(), "highest")).toBe(0);
  });

  it("works on large counts without drift", () => {
    const counts = emptyFindingCounts();
    counts.confirmed[1] = 1_000_003; // severity 2
    counts.confirmed[2] = 999_997; // severity 3
    // (2 * 1,000,003 + 3 * 999,997) / 2,000,000 = 2.4999985 -> 2.5
    expect(hostRiskTenths(counts, "average")).toBe(25);
  });
});

describe("hostRiskTenths: highest severity", () => {
  it.each([
    [[1], 10],
    [[1, 2, 5], 50],
    [[3, 3, 1], 30],
    [[2, 4, 4, 1], 40],
  ])("%j -> %d", (confirmed, tenths) => {
    expect(hostRiskTenths(findings(confirmed), "highest")).toBe(tenths);
  });

  it("ignores potential and information-gathered findings", () => {
    expect(hostRiskTenths(findings([2], [5], [5]), "highest")).toBe(20);
  });
});

describe("averageRiskTenths: mean of the unrounded per-host risks, rounded once", () => {
  it("is null for no host", () => {
    expect(averageRiskTenths([])).toBeNull();
    expect(averageRiskTenths(new Set<number>())).toBeNull();
  });

  it.each([
    [[0], 0],
    [[2.9], 29],
    [[1.0, 1.1], 11],
    [[1.5, 1.6], 16],
    [[0, 0, 0.1], 0],
    [[0, 0.1], 1],
    [[2.0, 2.0, 2.1], 20],
    [[1, 2, 3], 20],
    [[2.85], 29],
  ])("%j -> %d", (perHost, tenths) => {
    expect(averageRiskTenths(perHost)).toBe(tenths);
  });

  it("reads any iterable once", () => {
    function* hosts(): Generator<number> {
      yield 1.8;
      yield 3.1;
    }
    expect(averageRiskTenths(hosts())).toBe(25);
  });

  it("the spec's real asset report: 1.8, 2.0, 2.0, 2.9, 3.1, 2.7, 2.6 -> 2.4", () => {
    expect(averageRiskTenths([1.8, 2.0, 2.0, 2.9, 3.1, 2.7, 2.6])).toBe(24);
  });

  it("rounds once at the end: 2.5625 and 2.3333 (shown 2.6 and 2.3) average 2.4, not 2.5", () => {
    const a = findings([...repeat(3, 9), ...repeat(2, 7)]); // 41 / 16 = 2.5625
    const b = findings([...repeat(3, 1), ...repeat(2, 2)]); // 7 / 3 = 2.333...
    expect(hostRisk(a, "average")).toBe(2.5625);
    expect([hostRiskTenths(a, "average"), hostRiskTenths(b, "average")]).toEqual([26, 23]);
    expect(averageRiskTenths([hostRisk(a, "average"), hostRisk(b, "average")])).toBe(24);
    // Averaging the rounded figures would have given 2.5.
    expect(averageRiskTenths([2.6, 2.3])).toBe(25);
  });

  it("the same report from severities: per-host values and the average", () => {
    const hosts = [
      findings([1, 2, 2, 2, 2]),
      findings([2]),
      findings([2, 2]),
      findings([...repeat(3, 9), 2]),
      findings([...repeat(3, 9), 4]),
      findings([...repeat(3, 7), ...repeat(2, 3)]),
      findings([...repeat(3, 6), ...repeat(2, 4)]),
    ];
    const perHost = hosts.map((h) => hostRiskTenths(h, "average"));
    expect(perHost.map(tenthsToNumber)).toEqual([1.8, 2.0, 2.0, 2.9, 3.1, 2.7, 2.6]);
    const average = averageRiskTenths(hosts.map((h) => hostRisk(h, "average")));
    expect(average === null ? null : tenthsToNumber(average)).toBe(2.4);
  });
});

describe("tenthsToNumber / RISK_METHODS", () => {
  it.each([
    [0, 0],
    [24, 2.4],
    [29, 2.9],
    [50, 5],
  ])("%d tenths -> %d", (tenths, n) => {
    expect(tenthsToNumber(tenths)).toBe(n);
  });

  it("offers average and highest", () => {
    expect([...RISK_METHODS]).toEqual(["average", "highest"]);
  });
});
