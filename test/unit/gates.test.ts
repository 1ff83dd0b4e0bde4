import { describe, expect, it } from "vitest";
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, exitCodeFor } from "../../src/gate/exit-code.js";
import { evaluateGates, formatGateFailure, GATES, type GatedFigures, type GateResult, type GateThresholds } from "../../src/gate/gates.js";

function figures(f: Partial<GatedFigures>): GatedFigures {
  return { customerActions: 0, notScanned: 0, authFailures: 0, averageSecurityRisk: null, ...f };
}

const FIGURES = figures({ customerActions: 5, notScanned: 7, authFailures: 3, averageSecurityRisk: 2.4 });

const failed = (results: readonly GateResult[]) => results.filter((r) => !r.passed);

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
    const results = evaluateGates(FIGURES, thresholds);
    expect(results).toHaveLength(1);
    expect(failed(results).map((f) => f.flag)).toEqual(failedFlag === null ? [] : [failedFlag]);
  });

  it("reports every gate given, with its name, limit and value, passed or not", () => {
    expect(evaluateGates(FIGURES, { maxCustomerActions: 4, maxNotScanned: 10 })).toEqual([
      { name: "maxCustomerActions", flag: "--max-customer-actions", limit: 4, value: 5, passed: false, what: "IPs need action by the Customer", from: null },
      { name: "maxNotScanned", flag: "--max-not-scanned", limit: 10, value: 7, passed: true, what: "IPs were not scanned", from: null },
    ]);
    expect(evaluateGates(FIGURES, { maxAuthFailures: 0 })[0]).toMatchObject({ limit: 0, value: 3, passed: false });
    expect(evaluateGates(FIGURES, { maxAverageRisk: 2 })[0]).toMatchObject({ limit: 2, value: 2.4, passed: false });
  });

  it("keeps the list's order whatever the order of the thresholds", () => {
    const results = evaluateGates(FIGURES, { maxAverageRisk: 1, maxAuthFailures: 0, maxNotScanned: 0, maxCustomerActions: 0 });
    expect(results.map((f) => f.flag)).toEqual(GATES.map((g) => g.flag));
  });

  it("ignores undefined thresholds", () => {
    expect(evaluateGates(FIGURES, {})).toEqual([]);
    const huge = figures({ customerActions: 1e9, notScanned: 1e9, authFailures: 1e9, averageSecurityRisk: 5 });
    expect(evaluateGates(huge, { maxCustomerActions: undefined, maxNotScanned: undefined, maxAuthFailures: undefined, maxAverageRisk: undefined })).toEqual([]);
  });

  it("passes --max-average-risk with a null value when there is no risk (the summary warns about it)", () => {
    expect(evaluateGates(figures({}), { maxAverageRisk: 0 })).toEqual([expect.objectContaining({ value: null, passed: true })]);
  });

  it("passes limit 0 when the count is 0", () => {
    const zero = figures({ averageSecurityRisk: 0 });
    expect(failed(evaluateGates(zero, { maxCustomerActions: 0, maxNotScanned: 0, maxAuthFailures: 0, maxAverageRisk: 0 }))).toEqual([]);
  });

  it("--strict is a gate on the number of warnings, reported last", () => {
    expect(evaluateGates(FIGURES, { maxNotScanned: 100 }, { strict: { codes: ["a.one", "b.two", "a.one"] } })).toEqual([
      expect.objectContaining({ name: "maxNotScanned", passed: true }),
      { name: "strict", flag: "--strict", limit: 0, value: 3, passed: false, what: "warnings (a.one, b.two)", from: null },
    ]);
    expect(evaluateGates(FIGURES, {}, { strict: { codes: [] } })).toEqual([expect.objectContaining({ name: "strict", passed: true })]);
  });

  it("fails every gate when the inputs hold no IP: a scan that never ran does not pass", () => {
    const results = evaluateGates(figures({}), { maxCustomerActions: 10, maxAverageRisk: 5 }, { nothingRead: true });
    expect(results.map((r) => r.passed)).toEqual([false, false]);
    expect(formatGateFailure(results[0] as GateResult)).toBe(
      "gate failed: --max-customer-actions 10: 0 IPs: nothing to triage, the inputs hold no IP (a scan that never ran?)",
    );
  });

  it("words the value in the singular for one, and names the config file a limit came from", () => {
    const [one] = evaluateGates(figures({ notScanned: 1 }), { maxNotScanned: 0 }, { from: { maxNotScanned: "scantriage.config.json" } });
    expect(formatGateFailure(one as GateResult)).toBe("gate failed: --max-not-scanned 0 (from scantriage.config.json): 1 IP was not scanned (more than 0)");
  });
});

describe("formatGateFailure", () => {
  it("names the flag, the limit and the value on one line", () => {
    const [result] = evaluateGates(FIGURES, { maxCustomerActions: 4 });
    const text = formatGateFailure(result as GateResult);
    expect(text).toBe("gate failed: --max-customer-actions 4: 5 IPs need action by the Customer (more than 4)");
  });

  it("says how many warnings failed --strict, and their codes", () => {
    const [result] = evaluateGates(FIGURES, {}, { strict: { codes: ["accept.expired"] } });
    expect(formatGateFailure(result as GateResult)).toBe("gate failed: --strict: 1 warning (accept.expired)");
  });
});

describe("exitCodeFor", () => {
  it("follows the contract's codes", () => {
    expect([EXIT_OK, EXIT_GATE_FAILED, EXIT_BAD_INPUT]).toEqual([0, 1, 2]);
  });

  it.each<[string, GateThresholds, number]>([
    ["no gate given", {}, 0],
    ["gates given, all passed", { maxAuthFailures: 3, maxNotScanned: 7 }, 0],
    ["one gate failed", { maxAuthFailures: 2 }, 1],
    ["two gates failed", { maxAuthFailures: 2, maxNotScanned: 0 }, 1],
  ])("%s -> %d", (_what, thresholds, code) => {
    expect(exitCodeFor(evaluateGates(FIGURES, thresholds))).toBe(code);
  });
});
