/** The config file: validation naming the key, command-line precedence, and the shipped JSON Schema. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, NO_CONFIG, resolveConfig, validateConfig } from "../../src/config/config.js";
import { resolveOptions } from "../../src/cli/options.js";
import { UsageError } from "../../src/errors.js";
import { GATES } from "../../src/gate/gates.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SCHEMA_PATH = join(ROOT, "schema/scantriage.config.schema.json");

function problem(parsed: unknown): string {
  try {
    validateConfig(parsed, "cfg.json");
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("validateConfig", () => {
  it("reads every key", () => {
    const config = validateConfig(
      {
        $schema: "./node_modules/scantriage/schema/scantriage.config.schema.json",
        gates: { maxCustomerActions: 10, maxNotScanned: 0, maxAuthFailures: 2, maxAverageRisk: 3.5 },
        strict: true,
        riskMethod: "highest",
        statusMap: { aliases: { "timeout exceeded": "NoAnswer" } },
        accept: [{ target: "10.0.0.0/24", statuses: ["noanswer"], reason: "lab", until: "2030-01-31" }],
      },
      "cfg.json",
    );
    expect(config).toEqual({
      path: "cfg.json",
      gates: { maxCustomerActions: 10, maxNotScanned: 0, maxAuthFailures: 2, maxAverageRisk: 3.5 },
      strict: true,
      riskMethod: "highest",
      statusMap: { statuses: {}, aliases: { "timeout exceeded": "NoAnswer" } },
      accept: [{ target: "10.0.0.0/24", statuses: ["noanswer"], reason: "lab", until: "2030-01-31" }],
    });
  });

  it.each<[string, unknown, string]>([
    ["an unknown key, with a hint", { gate: {} }, 'cfg.json: unknown key "gate" (did you mean "gates"?)'],
    ["an unknown gate", { gates: { maxNotScaned: 1 } }, 'cfg.json: gates: unknown key "maxNotScaned" (did you mean "maxNotScanned"?)'],
    ["a gate count that is not whole", { gates: { maxNotScanned: 1.5 } }, "cfg.json: gates.maxNotScanned: must be a whole number >= 0, got 1.5"],
    ["a gate given as text", { gates: { maxAverageRisk: "3" } }, 'cfg.json: gates.maxAverageRisk: must be a number >= 0, got "3"'],
    ["a negative gate", { gates: { maxAuthFailures: -1 } }, "cfg.json: gates.maxAuthFailures: must be a whole number >= 0, got -1"],
    ["strict as text", { strict: "yes" }, "cfg.json: strict: must be true or false"],
    ["an unknown risk method", { riskMethod: "max" }, 'cfg.json: riskMethod: must be one of average, highest, got "max"'],
    ["accept not a list", { accept: {} }, "cfg.json: accept: must be a list of entries"],
    ["an entry without reason", { accept: [{ target: "10.0.0.1" }] }, "cfg.json: accept[0].reason: is required"],
    ["an entry with a bad target", { accept: [{ target: "10.0.0.1/40", reason: "r" }] }, "cfg.json: accept[0].target:"],
    ["an entry with two targets", { accept: [{ target: "10.0.0.1, 10.0.0.2", reason: "r" }] }, "give one IP, CIDR block, range or hostname per entry"],
    ["an entry with a bad date", { accept: [{ target: "10.0.0.1", reason: "r", until: "2026-02-30" }] }, 'cfg.json: accept[0].until: must be a date YYYY-MM-DD, got "2026-02-30"'],
    ["an entry with an unknown status", { accept: [{ target: "10.0.0.1", reason: "r", statuses: ["Offline"] }] }, 'accept[0].statuses: unknown status "Offline"'],
    ["an unknown key in an entry", { accept: [{ target: "10.0.0.1", reason: "r", expires: "2030-01-01" }] }, 'cfg.json: accept[0]: unknown key "expires"'],
    ["not an object", [1, 2], "cfg.json: must hold one JSON object"],
  ])("refuses %s, naming it", (_what, parsed, text) => {
    expect(problem(parsed)).toContain(text);
  });

  it("accepts statuses the config's own status map adds", () => {
    const config = validateConfig(
      { statusMap: { statuses: { Quarantined: { category: "Skipped", responsible: "None", action: "None" } } }, accept: [{ target: "h.example", reason: "r", statuses: ["quarantined"] }] },
      "cfg.json",
    );
    expect(config.accept).toHaveLength(1);
  });
});

describe("resolveConfig", () => {
  it("finds scantriage.config.json in the working directory, takes --config, and ignores it with --no-config", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-config-"));
    expect(resolveConfig(undefined, dir)).toBe(NO_CONFIG);
    writeFileSync(join(dir, "scantriage.config.json"), JSON.stringify({ gates: { maxNotScanned: 3 } }));
    expect(resolveConfig(undefined, dir)).toMatchObject({ path: "scantriage.config.json", gates: { maxNotScanned: 3 } });
    expect(resolveConfig(false, dir)).toBe(NO_CONFIG);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ strict: true }));
    expect(resolveConfig(other, dir)).toMatchObject({ path: other, strict: true });
  });

  it("reads a status map path relative to the config file", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-config-"));
    writeFileSync(join(dir, "map.json"), JSON.stringify({ aliases: { gone: "NoAnswer" } }));
    writeFileSync(join(dir, "cfg.json"), JSON.stringify({ statusMap: "map.json" }));
    expect(resolveConfig(join(dir, "cfg.json"), "/")).toMatchObject({ statusMap: { aliases: { gone: "NoAnswer" } } });
  });

  it("says when the file is not JSON, or missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-config-"));
    writeFileSync(join(dir, "bad.json"), "{ gates: ");
    expect(() => resolveConfig(join(dir, "bad.json"), dir)).toThrow(/bad\.json: config file is not valid JSON/);
    expect(() => resolveConfig(join(dir, "none.json"), dir)).toThrow(/none\.json: config file cannot be read \(no such file\)/);
  });

  it("names a problem by the config's name as found, with line and column for bad JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-config-"));
    writeFileSync(join(dir, "scantriage.config.json"), '{\n  "gates": {\n    "maxNotScanned": 3,\n  }\n}');
    expect(() => resolveConfig(undefined, dir)).toThrow(/^scantriage\.config\.json: config file is not valid JSON \(.*line 4, column 3\)$/);
  });

  it("a status map file that is missing names the config key and the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-config-"));
    writeFileSync(join(dir, "scantriage.config.json"), JSON.stringify({ statusMap: "maps/gone.json" }));
    expect(() => resolveConfig(undefined, dir)).toThrow("scantriage.config.json: statusMap: maps/gone.json: status map cannot be read (no such file)");
  });
});

describe("command line over config", () => {
  const config = validateConfig({ gates: { maxNotScanned: 5, maxAuthFailures: 1 }, strict: true, riskMethod: "highest" }, "cfg.json");

  it("keeps the config's values where no flag is given", () => {
    const o = resolveOptions("summarize", ["a.csv"], {}, config);
    expect(o.judge).toEqual({ thresholds: { maxNotScanned: 5, maxAuthFailures: 1 }, strict: true, from: { maxNotScanned: "cfg.json", maxAuthFailures: "cfg.json" } });
    expect(o.riskMethod).toBe("highest");
  });

  it("lets each flag win", () => {
    const o = resolveOptions("summarize", ["a.csv"], { maxNotScanned: "9", strict: false, riskMethod: "average" }, config);
    expect(o.judge).toEqual({ thresholds: { maxNotScanned: 9, maxAuthFailures: 1 }, strict: false, from: { maxAuthFailures: "cfg.json" } });
    expect(o.riskMethod).toBe("average");
  });
});

describe("the shipped JSON Schema", () => {
  it("is the one derived from the config description (refresh: UPDATE_SCHEMA=1 npx vitest run test/unit/config.test.ts)", () => {
    const generated = `${JSON.stringify(configSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_PATH, generated);
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(generated);
  });

  it("names every gate, and refuses unknown keys", () => {
    const schema = configSchema() as { additionalProperties: boolean; properties: { gates: { properties: Record<string, unknown> } } };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.gates.properties)).toEqual(GATES.map((g) => g.name));
  });
});
