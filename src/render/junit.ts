/**
 * `--format junit`: JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps, GitHub test
 * reporters). One test case per gate (a failure carries the gate message) and one per input (an
 * error when it could not be read). Built with fast-xml-parser's builder, never by concatenating
 * strings: it escapes markup; control characters, which XML 1.0 cannot hold at all, are made
 * visible first.
 */
import { XMLBuilder } from "fast-xml-parser";
import type { Diagnostic, Summary } from "../aggregate/summarize.js";
import type { InputError } from "../errors.js";
import { formatGateFailure, type GateResult } from "../gate/gates.js";
import type { RenderContext, Renderer } from "./renderer.js";
import { safeCell, safeText } from "./sanitize.js";

type Node = Record<string, unknown>;

export interface Case {
  readonly name: string;
  readonly classname: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string };
  readonly out?: string;
  readonly err?: string;
}

function testcase(c: Case): Node {
  const node: Node = { "@_name": safeCell(c.name), "@_classname": c.classname, "@_time": "0" };
  if (c.failure) node.failure = { "@_message": safeCell(c.failure.message), "@_type": c.failure.type, "#text": safeText(c.failure.text) };
  if (c.error) node.error = { "@_message": safeCell(c.error.message), "@_type": c.error.type };
  if (c.out) node["system-out"] = safeText(c.out);
  if (c.err) node["system-err"] = safeText(c.err);
  return node;
}

export function suite(name: string, cases: readonly Case[]): Node {
  return {
    "@_name": name,
    "@_tests": cases.length,
    "@_failures": cases.filter((c) => c.failure).length,
    "@_errors": cases.filter((c) => c.error).length,
    "@_skipped": 0,
    "@_time": "0",
    testcase: cases.map(testcase),
  };
}

export function document(name: string, suites: readonly Node[]): string {
  const count = (key: string) => suites.reduce((n, s) => n + Number(s[key]), 0);
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, indentBy: "  ", suppressEmptyNode: true });
  const body = builder.build({
    testsuites: { "@_name": name, "@_tests": count("@_tests"), "@_failures": count("@_failures"), "@_errors": count("@_errors"), "@_time": "0", testsuite: suites },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.trimEnd()}\n`;
}

/** A test case per gate; --strict lists the warnings that failed it. */
export function gateCases(gates: readonly GateResult[], diagnostics: readonly Diagnostic[]): Case[] {
  return gates.map((g) => {
    const gate = g.name === "strict" ? "--strict (no warnings)" : `${g.flag} ${g.limit}`;
    // --group-by: a gate per group, named after it.
    const name = g.group === undefined ? gate : `${g.group === "" ? "(none)" : g.group}: ${gate}`;
    const detail =
      g.name === "strict"
        ? diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.input ? `${d.input}: ` : ""}${d.message}`).join("\n")
        : `${g.value ?? "none"} ${g.what} (limit ${g.limit})`;
    return {
      name,
      classname: "scantriage.gates",
      ...(g.passed ? { out: detail } : { failure: { message: formatGateFailure(g), type: "gate", text: detail } }),
    };
  });
}

function inputCases(summary: Summary): Case[] {
  return summary.inputs.map((input) => ({
    name: input.path,
    classname: "scantriage.inputs",
    out: `format ${input.format ?? "unknown"}: ${input.records} read, ${input.classified} classified, ${input.skipped} skipped`,
    ...(input.warnings.length > 0 ? { err: input.warnings.join("\n") } : {}),
  }));
}

function* renderJunit(ctx: RenderContext): Generator<string> {
  const { summary } = ctx;
  const t = summary.totals;
  const overview = [
    `${t.ips} IPs: ${t.byCategory.Scanned} scanned, ${t.byCategory["Not Scanned"]} not scanned, ${t.byCategory.Skipped} skipped`,
    `${t.byResponsible.Customer} need the Customer, ${t.byResponsible.ServiceProvider} the service provider; ${summary.authFailures.count} authentication failures`,
    `average security risk ${summary.risk.averageSecurityRisk ?? "none"} (${summary.risk.method})`,
    ...(t.accepted.ips > 0 ? [`${t.accepted.ips} IPs on the accept list, left out of the gates`] : []),
    ...summary.diagnostics.map((d) => `${d.severity}: ${d.input ? `${d.input}: ` : ""}${d.message}`),
  ].join("\n");
  const triage: Case = { name: "triage", classname: "scantriage.summary", out: overview };
  yield document(`scantriage ${ctx.command}`, [suite("gates", gateCases(summary.gates, summary.diagnostics)), suite("inputs", inputCases(summary)), suite("summary", [triage])]);
}

/** The document for a run that stopped at unreadable inputs: one error per input that failed. */
export function* junitForInputErrors(inputs: readonly string[], errors: readonly InputError[]): Generator<string> {
  const cases = inputs.map((path): Case => {
    const error = errors.find((e) => e.file === path);
    return error
      ? { name: path, classname: "scantriage.inputs", error: { message: error.message, type: "unreadable input" } }
      : { name: path, classname: "scantriage.inputs", out: "read, but the run stopped at another input" };
  });
  yield document("scantriage", [suite("inputs", cases)]);
}

export const junitRenderer: Renderer = {
  name: "junit",
  description: "JUnit XML for CI dashboards: a test case per gate and per input",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderJunit,
};
