/** --format junit: a JUnit document a consumer reads back, one test case per gate and per input. */
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/aggregate/summarize.js";
import { InputError } from "../../src/errors.js";
import { junitForInputErrors, junitRenderer } from "../../src/render/junit.js";
import { contextFor, renderText, sampleTriage } from "./render-fixture.js";

type Node = Record<string, unknown>;

function parse(xml: string): Node {
  // Well-formed for a strict XML parser first, then read as a JUnit consumer would.
  const sax = new SaxesParser();
  sax.on("error", (e) => {
    throw e;
  });
  sax.write(xml).close();
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testsuite" || name === "testcase" }).parse(xml) as Node;
}

function suites(doc: Node): Node[] {
  return (doc.testsuites as Node).testsuite as Node[];
}

function cases(doc: Node, suite: string): Node[] {
  return (suites(doc).find((s) => s.name === suite)?.testcase as Node[] | undefined) ?? [];
}

function junit(thresholds: Parameters<typeof summarize>[2]): Node {
  const triage = sampleTriage();
  const ctx = { ...contextFor("summarize", triage), summary: summarize(triage, "average", thresholds) };
  return parse(renderText(junitRenderer, ctx));
}

describe("junit", () => {
  it("has one test case per gate, failed ones with the gate message", () => {
    const doc = junit({ thresholds: { maxNotScanned: 0, maxAuthFailures: 100 }, strict: false });
    const gates = cases(doc, "gates");
    expect(gates.map((c) => c.name)).toEqual(["--max-not-scanned 0", "--max-auth-failures 100"]);
    const failure = gates[0]?.failure as Node;
    expect(failure.message).toMatch(/^gate failed: --max-not-scanned 0: \d+ IPs were not scanned \(more than 0\)$/);
    expect(gates[1]?.failure).toBeUndefined();
    const top = doc.testsuites as Node;
    expect([top.tests, top.failures, top.errors]).toEqual(["5", "1", "0"]);
  });

  it("has one test case per input, with its warnings, and --strict failing on them", () => {
    const doc = junit({ thresholds: {}, strict: true });
    const inputs = cases(doc, "inputs");
    expect(inputs.map((c) => c.name)).toEqual(["logs/scan-log.csv", "qualys/scan.xml"]);
    expect(inputs[0]?.["system-out"]).toBe("format scan-log-csv: 15 read, 7 classified, 8 skipped");
    expect(inputs[0]?.["system-err"]).toContain("not valid UTF-8; read as Windows-1252");
    const strict = cases(doc, "gates")[0] as Node;
    expect(strict.name).toBe("--strict (no warnings)");
    expect((strict.failure as Node)["#text"]).toContain("logs/scan-log.csv: not valid UTF-8");
  });

  it("escapes markup and makes control characters visible (XML 1.0 cannot hold them)", () => {
    const errors = [new InputError("a<b>&\x1b[31m.xml", 'root element <FOO attr="x"> is not supported')];
    const xml = [...junitForInputErrors(["ok.csv", "a<b>&\x1b[31m.xml"], errors)].join("");
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = parse(xml);
    const [ok, bad] = cases(doc, "inputs");
    expect(ok?.error).toBeUndefined();
    expect(bad?.name).toBe("a<b>&\\x1b[31m.xml");
    expect((bad?.error as Node).message).toContain('root element <FOO attr="x">');
    expect((doc.testsuites as Node).errors).toBe("1");
  });
});
