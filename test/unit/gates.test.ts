import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, exitCodeFor } from "../../src/gate/exit-code.js";
import { evaluateGates, formatGateFailure, type GateFailure, type GateThresholds } from "../../src/gate/gates.js";

interface Figures {
  customer?: number;
  notScanned?: number;
  authFailures?: number;
  averageRisk?: number | null;
}

function summary(f: Figures): Summary {
  const customer = f.customer ?? 0;
  const notScanned = f.notScanned ?? 0;
  return {
    schemaVersion: 1,
    inputs: [],
    totals: {
      ips: customer + notScanned,
      byCategory: { Scanned: 0, "Not Scanned": notScanned, Skipped: 0 },
      byResponsible: { Customer: customer, ServiceProvider: 0, None: 0 },
      byStatus: {},
    },
    actions: { Customer: [], ServiceProvider: [], None: [] },
    risk: {
      method: "average",
      averageSecurityRisk: f.averageRisk === undefined ? null : f.averageRisk,
      activeHosts: f.averageRisk === null || f.averageRisk === undefined ? 0 : 1,
      severities: { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] },
    },
    authFailures: { count: f.authFailures ?? 0, top: [] },
    unrecognizedStatuses: {},
    warnings: [],
  };
}

const FIGURES: Figures = { customer: 5, notScanned: 7, authFailures: 3, averageRisk: 2.4 };

describe("evaluateGates: each gate at and above its threshold", () => {
  it.each<[string, GateThresholds, string | null]>([
    ["customer actions at the limit", { maxCustomerActions: 5 }, null],
    ["customer actions above the limit", { maxCustomerActions: 4 }, "--max-customer-actions"],
    ["customer actions, limit 0", { maxCustomerActions: 0 }, "--max-customer-actions"],
    ["not scanned at the limit", { maxNotScanned: 7 }, null],
    ["not scanned above the limit", { maxNotScanned: 6 }, "--max-not-scanned"],
    ["auth failures at the limit", { maxAuthFailures: 3 }, null],
    ["auth failures above the limit", { maxAuthFailures: 2 }, "--max-auth-failures"],
    ["average risk at the limit", { maxAverageRisk: 2.4 }, null],
    ["average risk above the limit", { maxAverageRisk: 2.3 }, "--max-average-risk"],
    ["average risk well under the limit", { maxAverageRisk: 5 }, null],
  ])("%s", (_what, thresholds, failedFlag) => {
    const failures = evaluateGates(summary(FIGURES), thresholds);
    expect(failures.map((f) => f.flag)).toEqual(failedFlag === null ? [] : [failedFlag]);
  });

  it("reports the limit and the actual value", () => {
    expect(evaluateGates(summary(FIGURES), { maxCustomerActions: 4 })).toEqual([
      { flag: "--max-customer-actions", limit: 4, actual: 5, what: "IPs need action by the Customer" },
    ]);
    expect(evaluateGates(summary(FIGURES), { maxNotScanned: 1 })[0]).toMatchObject({ limit: 1, actual: 7 });
    expect(evaluateGates(summary(FIGURES), { maxAuthFailures: 0 })[0]).toMatchObject({ limit: 0, actual: 3 });
    expect(evaluateGates(summary(FIGURES), { maxAverageRisk: 2 })[0]).toMatchObject({ limit: 2, actual: 2.4 });
  });

  it("reports every failed gate, in a stable order", () => {
    const failures = evaluateGates(summary(FIGURES), {
      maxAverageRisk: 1,
      maxAuthFailures: 0,
      maxNotScanned: 0,
      maxCustomerActions: 0,
    });
    expect(failures.map((f) => f.flag)).toEqual([
      "--max-customer-actions",
      "--max-not-scanned",
      "--max-auth-failures",
      "--max-average-risk",
    ]);
  });

  it("ignores undefined thresholds", () => {
    expect(evaluateGates(summary(FIGURES), {})).toEqual([]);
    expect(
      evaluateGates(summary({ customer: 1e9, notScanned: 1e9, authFailures: 1e9, averageRisk: 5 }), {
        maxCustomerActions: undefined,
        maxNotScanned: undefined,
        maxAuthFailures: undefined,
        maxAverageRisk: undefined,
      }),
    ).toEqual([]);
  });

  it("never fails --max-average-risk when no host was scanned (null average)", () => {
    expect(evaluateGates(summary({ averageRisk: null }), { maxAverageRisk: 0 })).toEqual([]);
    expect(evaluateGates(summary({ averageRisk: null }), { maxAverageRisk: -1 })).toEqual([]);
  });

  it("passes limit 0 when the count is 0", () => {
    expect(
      evaluateGates(summary({ averageRisk: 0 }), { maxCustomerActions: 0, maxNotScanned: 0, maxAuthFailures: 0, maxAverageRisk: 0 }),
    ).toEqual([]);
  });
});

describe("formatGateFailure", () => {
  it("names the flag, the limit and the actual value on one line", () => {
    const failure: GateFailure = { flag: "--max-customer-actions", limit: 4, actual: 5, what: "IPs need action by the Customer" };
    const text = formatGateFailure(failure);
    expect(text).toContain("--max-customer-actions");
    expect(text).toContain("4");
    expect(text).toContain("5");
    expect(text).not.toContain("\n");
  });
});

describe("exitCodeFor", () => {
  it("follows the contract's codes", () => {
    expect([EXIT_OK, EXIT_GATE_FAILED, EXIT_BAD_INPUT]).toEqual([0, 1, 2]);
  });

  it.each<[string, readonly GateFailure[], number]>([
    ["no gate failed", [], 0],
    ["one gate failed", [{ flag: "--max-not-scanned", limit: 0, actual: 1, what: "" }], 1],
    [
      "two gates failed",
      [
        { flag: "--max-not-scanned", limit: 0, actual: 1, what: "" },
        { flag: "--max-auth-failures", limit: 0, actual: 1, what: "" },
      ],
      1,
    ],
  ])("%s -> %d", (_what, failures, code) => {
    expect(exitCodeFor(failures)).toBe(code);
  });

  it("agrees with evaluateGates", () => {
    expect(exitCodeFor(evaluateGates(summary(FIGURES), { maxAuthFailures: 3 }))).toBe(0);
    expect(exitCodeFor(evaluateGates(summary(FIGURES), { maxAuthFailures: 2 }))).toBe(1);
  });
});
