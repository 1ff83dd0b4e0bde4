import { describe, expect, it } from "vitest";
import { OwnClassificationCheck } from "../../src/formats/scan-log-csv/check-own-classification.js";
import { matchHeader, type HeaderLayout } from "../../src/formats/scan-log-csv/find-header.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const layout = (header: string[]): HeaderLayout => matchHeader(header) as HeaderLayout;

describe("OwnClassificationCheck", () => {
  it("is inactive without category, responsible or action columns", () => {
    expect(new OwnClassificationCheck(layout(["IP", "Status"]), new Taxonomy()).active).toBe(false);
  });

  it("compares ignoring case, spaces and punctuation, and counts rows that disagree", () => {
    const check = new OwnClassificationCheck(layout(["IP", "Status", "Category", "Action Required By", "Action"]), new Taxonomy());
    expect(check.active).toBe(true);
    check.check(["1.1.1.1", "NoAnswer", "not_scanned", "CUSTOMER", "check scope, firewalls, is device turned on?"], "NoAnswer", 2);
    check.check(["1.1.1.2", "Success", "", "-", "N/A"], "Success", 3);
    check.check(["1.1.1.3", "NoCredential", "Not Scanned", "Service Provider", ""], "NoCredential", 4);
    check.check(["1.1.1.4", "PartialScan", "Scanned", "", ""], "PartialScan", 5);
    check.check(["1.1.1.5", "Whatever", "Scanned", "", ""], "Whatever", 6);
    expect(check.warnings()).toEqual([
      {
        code: "csv.taxonomyMismatch",
        args: { count: 2, firstLine: 4, column: "responsible", value: "Service Provider", status: "NoCredential", expected: "Customer" },
      },
    ]);
  });
});
