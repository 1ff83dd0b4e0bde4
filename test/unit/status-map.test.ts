import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { loadStatusMap, validateStatusMap } from "../../src/taxonomy/load-status-map.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const dir = mkdtempSync(join(tmpdir(), "scantriage-status-map-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeMap(content: string): string {
  const path = join(dir, `map-${++fileCount}.json`);
  writeFileSync(path, content, "utf8");
  return path;
}

function loadError(path: string): UsageError {
  try {
    loadStatusMap(path);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`expected a UsageError for ${path}`);
}

describe("loadStatusMap: valid maps", () => {
  it("adds a new status, recognised under its own name and by its key", () => {
    const path = writeMap(
      JSON.stringify({
        statuses: { QuarantinedHost: { category: "Skipped", responsible: "Customer", action: "Release from quarantine" } },
      }),
    );
    const t = new Taxonomy(loadStatusMap(path));
    const expected = {
      status: "QuarantinedHost",
      category: "Skipped",
      responsible: "Customer",
      action: "Release from quarantine",
      recognized: true,
    };
    expect(t.classify("QuarantinedHost")).toEqual(expected);
    expect(t.classify("quarantined host")).toEqual(expected);
    expect(t.classify("QUARANTINED_HOST")).toEqual(expected);
    expect(t.has("QuarantinedHost")).toBe(true);
  });

  it("overrides an existing status, also for its aliases", () => {
    const path = writeMap(
      JSON.stringify({
        statuses: {
          PartialScan: { category: "Scanned", responsible: "ServiceProvider", action: "Review partial data" },
          InsufficientPrivilege: { category: "Not Scanned", responsible: "ServiceProvider", action: "Fix the sudo rules" },
        },
      }),
    );
    const t = new Taxonomy(loadStatusMap(path));
    expect(t.classify("PartialScan")).toEqual({
      status: "PartialScan",
      category: "Scanned",
      responsible: "ServiceProvider",
      action: "Review partial data",
      recognized: true,
    });
    expect(t.classify("Partial Scan").category).toBe("Scanned");
    expect(t.classify("InsufficientPriviliege")).toMatchObject({
      status: "InsufficientPrivilege",
      responsible: "ServiceProvider",
      action: "Fix the sudo rules",
    });
    // Untouched statuses keep the built-in row.
    expect(t.classify("NoAnswer")).toMatchObject({ category: "Not Scanned", responsible: "Customer" });
  });

  it("adds an alias to a built-in status and to a new one", () => {
    const path = writeMap(
      JSON.stringify({
        statuses: { Decommissioned: { category: "Skipped", responsible: "None", action: "None" } },
        aliases: { "Auth KO": "CredentialFailed", "Host retired": "Decommissioned" },
      }),
    );
    const t = new Taxonomy(loadStatusMap(path));
    expect(t.classify("auth ko")).toEqual({
      status: "CredentialFailed",
      category: "Not Scanned",
      responsible: "Customer",
      action: "Check Credentials",
      recognized: true,
    });
    expect(t.classify("AUTH_KO").status).toBe("CredentialFailed");
    expect(t.classify("Host Retired")).toMatchObject({ status: "Decommissioned", category: "Skipped", recognized: true });
  });

  it("accepts an empty object, and a map does not change a fresh default taxonomy", () => {
    expect(loadStatusMap(writeMap("{}"))).toEqual({ statuses: {}, aliases: {} });
    const path = writeMap(JSON.stringify({ aliases: { Zapped: "Success" } }));
    const custom = new Taxonomy(loadStatusMap(path));
    expect(custom.classify("Zapped").status).toBe("Success");
    expect(new Taxonomy().classify("Zapped").recognized).toBe(false);
  });

  it("validateStatusMap returns the statuses and aliases it read", () => {
    expect(
      validateStatusMap(
        { statuses: { X: { category: "Scanned", responsible: "None", action: "" } }, aliases: { y: "X" } },
        "m.json",
      ),
    ).toEqual({ statuses: { X: { category: "Scanned", responsible: "None", action: "" } }, aliases: { y: "X" } });
  });
});

describe("loadStatusMap: errors are UsageErrors naming the file", () => {
  it.each([
    ["bad JSON", "{ statuses: ", /not valid JSON/],
    ["trailing comma", '{"aliases": {"a": "Success",}}', /not valid JSON/],
    ["empty file", "", /not valid JSON/],
    ["top-level array", "[]", /expected an object/],
    ["top-level string", '"statuses"', /expected an object/],
    ["top-level null", "null", /expected an object/],
    ["unknown top-level key", JSON.stringify({ statuses: {}, mappings: {} }), /unknown key "mappings"/],
    ["statuses not an object", JSON.stringify({ statuses: [] }), /"statuses" must be an object/],
    ["status entry not an object", JSON.stringify({ statuses: { X: "Scanned" } }), /status "X" must be an object/],
    [
      "unknown category",
      JSON.stringify({ statuses: { X: { category: "Half Scanned", responsible: "None", action: "None" } } }),
      /status "X": category must be one of Scanned, Not Scanned, Skipped/,
    ],
    [
      "category with the wrong case",
      JSON.stringify({ statuses: { X: { category: "not scanned", responsible: "None", action: "None" } } }),
      /category/,
    ],
    [
      "missing category",
      JSON.stringify({ statuses: { X: { responsible: "None", action: "None" } } }),
      /category/,
    ],
    [
      "unknown responsible",
      JSON.stringify({ statuses: { X: { category: "Scanned", responsible: "Vendor", action: "None" } } }),
      /status "X": responsible must be one of Customer, ServiceProvider, None/,
    ],
    [
      "non-string action",
      JSON.stringify({ statuses: { X: { category: "Scanned", responsible: "None", action: 42 } } }),
      /status "X": action must be a string/,
    ],
    [
      "missing action",
      JSON.stringify({ statuses: { X: { category: "Scanned", responsible: "None" } } }),
      /action must be a string/,
    ],
    ["aliases not an object", JSON.stringify({ aliases: "Success" }), /"aliases" must be an object/],
    ["alias to a non-string", JSON.stringify({ aliases: { ok: 1 } }), /alias "ok" must map to a status name/],
  ])("%s", (_what, content, reason) => {
    const path = writeMap(content);
    const err = loadError(path);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(reason);
    expect(err.message).not.toContain("\n");
  });

  // A typo in an alias target would otherwise silently turn a built-in spelling into an unrecognised status.
  it("an alias to a status that is neither built in nor in the map", () => {
    const path = writeMap(JSON.stringify({ aliases: { "No Connection": "NoConection" } }));
    const err = loadError(path);
    expect(err.message).toContain(path);
    expect(err.message).toContain("NoConection");
  });

  it("a missing file", () => {
    const path = join(dir, "does-not-exist.json");
    const err = loadError(path);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/cannot be read/);
  });

  it("validateStatusMap names the path it was given", () => {
    expect(() => validateStatusMap({ other: 1 }, "custom/path.json")).toThrow(UsageError);
    expect(() => validateStatusMap({ other: 1 }, "custom/path.json")).toThrow(/^custom\/path\.json: /);
  });
});
