import { describe, expect, it } from "vitest";
import { BUILTIN_ALIASES, statusKey } from "../../src/taxonomy/aliases.js";
import {
  AUTH_FAILURE_STATUSES,
  CATEGORIES,
  CORE_STATUSES,
  EXTRA_STATUSES,
  RESPONSIBLES,
  isKnownStatus,
} from "../../src/taxonomy/statuses.js";
import { EMPTY_STATUS, Taxonomy } from "../../src/taxonomy/taxonomy.js";

type Row = readonly [status: string, category: string, responsible: string, action: string];

/** Written out from shared/spec/status-taxonomy.md, not derived from the source. */
const SPEC_CORE: readonly Row[] = [
  ["Success", "Scanned", "None", "None"],
  ["NoConnection", "Not Scanned", "Customer", "Check firewall ports"],
  ["CredentialFailed", "Not Scanned", "Customer", "Check Credentials"],
  ["InsufficientPrivilege", "Not Scanned", "Customer", "Check Credentials"],
  ["ScanFailure", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["SkippedAsSameAs", "Skipped", "None", "None"],
  ["ConnectionFailed", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["UnusableConnection", "Not Scanned", "Customer", "Check firewalls and/or target system health"],
  ["NoAnswer", "Not Scanned", "Customer", "Check Scope, Firewalls, is device turned on?"],
  ["NoCredential", "Not Scanned", "Customer", "Check Credentials"],
  ["Unknown", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["PartialScan", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["SkippedAsWorkStation", "Skipped", "None", "None"],
  ["SkippedAsExcluded", "Skipped", "None", "None"],
  ["Aborted", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["NoResult", "Not Scanned", "ServiceProvider", "Check Logs"],
  ["CredentialNoLongerWork", "Not Scanned", "Customer", "Check Credentials"],
  ["LockedAccount", "Not Scanned", "Customer", "Unlock the account, then Check Credentials"],
];

const SPEC_EXTRAS: readonly Row[] = [
  ["SystemDetected", "Not Scanned", "Customer", "Check Credentials"],
  ["SkippedAsBetterMethodExist", "Skipped", "None", "None"],
  ["Warning", "Scanned", "ServiceProvider", "Check Logs"],
  ["Missing", "Not Scanned", "ServiceProvider", "Check Logs"],
];

describe("status table", () => {
  it("has exactly the 18 core statuses and 4 extras of the spec", () => {
    expect(Object.keys(CORE_STATUSES).sort()).toEqual(SPEC_CORE.map((r) => r[0]).sort());
    expect(Object.keys(EXTRA_STATUSES).sort()).toEqual(SPEC_EXTRAS.map((r) => r[0]).sort());
    expect(SPEC_CORE).toHaveLength(18);
  });

  it("has exactly the spec's categories and responsible parties", () => {
    expect([...CATEGORIES]).toEqual(["Scanned", "Not Scanned", "Skipped"]);
    expect([...RESPONSIBLES]).toEqual(["Customer", "ServiceProvider", "None"]);
  });

  it.each([...SPEC_CORE, ...SPEC_EXTRAS])("%s is a known status", (status) => {
    expect(isKnownStatus(status)).toBe(true);
  });

  it.each(["", "Bogus", "toString", "constructor", "__proto__", "success"])("%j is not a known status name", (name) => {
    expect(isKnownStatus(name)).toBe(false);
  });

  it("lists the five authentication-failure statuses", () => {
    expect([...AUTH_FAILURE_STATUSES].sort()).toEqual(
      ["CredentialFailed", "CredentialNoLongerWork", "InsufficientPrivilege", "LockedAccount", "NoCredential"].sort(),
    );
  });
});

describe("Taxonomy.classify: the 18 statuses", () => {
  const taxonomy = new Taxonomy();
  it.each(SPEC_CORE)("%s -> %s / %s / %s", (status, category, responsible, action) => {
    expect(taxonomy.classify(status)).toEqual({ status, category, responsible, action, recognized: true });
  });
});

describe("Taxonomy.classify: the 4 extras", () => {
  const taxonomy = new Taxonomy();
  it.each(SPEC_EXTRAS)("%s -> %s / %s / %s", (status, category, responsible, action) => {
    expect(taxonomy.classify(status)).toEqual({ status, category, responsible, action, recognized: true });
  });
});

describe("statusKey", () => {
  it.each([
    ["No Connection", "noconnection"],
    ["no_connection", "noconnection"],
    ["NO-CONNECTION", "noconnection"],
    ["  Partial  Scan\t", "partialscan"],
    ["Credential.Failed!", "credentialfailed"],
    ["Skipped As Same-As", "skippedassameas"],
    ["", ""],
    ["---", ""],
    ["Code 42", "code42"],
  ])("%j -> %j", (raw, key) => {
    expect(statusKey(raw)).toBe(key);
  });
});

describe("Taxonomy.classify: alias families", () => {
  const taxonomy = new Taxonomy();
  it.each([
    // Case
    ["credentialfailed", "CredentialFailed"],
    ["CREDENTIALFAILED", "CredentialFailed"],
    ["SKIPPEDASWORKSTATION", "SkippedAsWorkStation"],
    ["success", "Success"],
    ["nOaNsWeR", "NoAnswer"],
    // Spaces, underscores, hyphens, surrounding white space
    ["No Connection", "NoConnection"],
    ["no_connection", "NoConnection"],
    ["No-Connection", "NoConnection"],
    ["Partial Scan", "PartialScan"],
    ["partial_scan", "PartialScan"],
    ["  NoAnswer  ", "NoAnswer"],
    ["Skipped As Same As", "SkippedAsSameAs"],
    ["Credential No Longer Work", "CredentialNoLongerWork"],
    ["Locked Account", "LockedAccount"],
    ["Skipped As Excluded", "SkippedAsExcluded"],
    ["System Detected", "SystemDetected"],
    ["skipped_as_better_method_exist", "SkippedAsBetterMethodExist"],
    // The vendor documentation's misspelling, and plurals
    ["InsufficientPriviliege", "InsufficientPrivilege"],
    ["Insufficient Priviliege", "InsufficientPrivilege"],
    ["InsufficientPrivileges", "InsufficientPrivilege"],
    ["insufficient privileges", "InsufficientPrivilege"],
    ["CredentialNoLongerWorks", "CredentialNoLongerWork"],
    ["Credential No Longer Works", "CredentialNoLongerWork"],
    ["SkippedAsWorkstation", "SkippedAsWorkStation"],
    ["Skipped As Workstation", "SkippedAsWorkStation"],
    ["skippedasworkstation", "SkippedAsWorkStation"],
    ["NoCredentials", "NoCredential"],
    ["NoResults", "NoResult"],
    ["SkippedAsBetterMethodExists", "SkippedAsBetterMethodExist"],
  ])("%j -> %s", (raw, status) => {
    const v = taxonomy.classify(raw);
    expect(v.status).toBe(status);
    expect(v.recognized).toBe(true);
  });

  it("an alias classifies exactly like its canonical name", () => {
    expect(taxonomy.classify("InsufficientPriviliege")).toEqual(taxonomy.classify("InsufficientPrivilege"));
    expect(taxonomy.classify("Partial Scan")).toEqual(taxonomy.classify("PartialScan"));
    expect(taxonomy.classify("SKIPPEDASWORKSTATION")).toEqual(taxonomy.classify("SkippedAsWorkStation"));
  });

  it("never outputs the misspelling", () => {
    expect(taxonomy.classify("InsufficientPriviliege").status).toBe("InsufficientPrivilege");
  });

  it("every built-in alias points at a status of the table", () => {
    for (const name of BUILTIN_ALIASES.values()) expect(isKnownStatus(name)).toBe(true);
  });

  it("every canonical name's key is in the alias table", () => {
    for (const [name] of [...SPEC_CORE, ...SPEC_EXTRAS]) expect(BUILTIN_ALIASES.get(statusKey(name))).toBe(name);
  });
});

describe("Taxonomy.classify: unrecognised text", () => {
  const taxonomy = new Taxonomy();
  it.each([
    ["Exploded", "Exploded"],
    ["  Timed out waiting  ", "Timed out waiting"],
    ["Scan Failure 2", "Scan Failure 2"],
    ["Succes", "Succes"],
    ["NoAnswer!?x", "NoAnswer!?x"],
    ["Successfully scanned", "Successfully scanned"],
    ["toString", "toString"],
    ["__proto__", "__proto__"],
    ["???", "???"],
  ])("%j is kept raw (%j) and flagged", (raw, status) => {
    expect(taxonomy.classify(raw)).toEqual({
      status,
      category: "Not Scanned",
      responsible: "ServiceProvider",
      action: "Check Logs",
      recognized: false,
    });
  });

  it("is never renamed to Unknown", () => {
    expect(taxonomy.classify("Weird").status).not.toBe("Unknown");
  });

  it.each(["", "   ", "\t\r\n"])("empty status %j -> %j, unrecognised", (raw) => {
    expect(taxonomy.classify(raw)).toEqual({
      status: EMPTY_STATUS,
      category: "Not Scanned",
      responsible: "ServiceProvider",
      action: "Check Logs",
      recognized: false,
    });
    expect(EMPTY_STATUS).toBe("(empty)");
  });

  it("returns the same verdict for repeated lookups (cache) and for a fresh taxonomy", () => {
    const first = taxonomy.classify("Partial Scan");
    expect(taxonomy.classify("Partial Scan")).toEqual(first);
    expect(new Taxonomy().classify("Partial Scan")).toEqual(first);
  });

  it("keeps classifying correctly beyond the cache size", () => {
    const t = new Taxonomy();
    for (let i = 0; i < 10_050; i++) t.classify(`raw ${i}`);
    expect(t.classify("raw 10049")).toMatchObject({ status: "raw 10049", recognized: false });
    expect(t.classify("no connection")).toMatchObject({ status: "NoConnection", recognized: true });
  });
});

describe("Taxonomy.has", () => {
  it("knows canonical names, not aliases or raw text", () => {
    const t = new Taxonomy();
    expect(t.has("PartialScan")).toBe(true);
    expect(t.has("Missing")).toBe(true);
    expect(t.has("Partial Scan")).toBe(false);
    expect(t.has("Bogus")).toBe(false);
  });
});
