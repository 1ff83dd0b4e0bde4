import { describe, expect, it } from "vitest";
import { markdownRenderer, markdownText } from "../../src/render/markdown.js";
import { contextFor, host, renderText, sampleTriage, triageOf } from "./render-fixture.js";

function markdown(command: Parameters<typeof contextFor>[0], triage = sampleTriage(), color = false): string {
  return renderText(markdownRenderer, contextFor(command, triage, { color }));
}

/** Cell separators of a table line: pipes not escaped by a backslash. */
function separators(line: string): number {
  return line.replace(/\\./g, "").split("|").length - 1;
}

describe("markdown format", () => {
  it("summarize has a title, section headings and the category table", () => {
    const out = markdown("summarize");
    expect(out.startsWith("# 263 IPs from 2 inputs\n\n## Categories\n\n| Category | IPs | Share |\n| --- | ---: | ---: |\n")).toBe(true);
    expect(out).toContain("| Not Scanned | 259 | 98.5% |");
    for (const heading of ["Responsible parties", "Statuses", "Security risk", "Authentication failures", "Unrecognised statuses", "Inputs", "Warnings"]) {
      expect(out).toContain(`\n## ${heading}\n`);
    }
    expect(out).toContain("| Frobnicated (unrecognised) | 1 | Not Scanned | ServiceProvider | Check Logs |");
    expect(out).toContain("- … and 3 more");
  });

  it("escapes pipes so a cell cannot split the table", () => {
    const out = markdown("auth");
    expect(out).toContain("| Access denied \\| wrong password |");
    const tableLines = out.split("\n").filter((l) => l.startsWith("|"));
    expect(new Set(tableLines.map(separators))).toEqual(new Set([7]));
  });

  it("shows escape sequences from the data as text and never emits them, even with colour on", () => {
    const out = markdown("hosts", sampleTriage(), true);
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\x9b");
    expect(out).toContain("| evil\\\\x1b\\[31mred\\\\x9bhost |");
  });

  it("hosts prints an inferred range as one row, then the footer", () => {
    const out = markdown("hosts");
    expect(out).toContain("| 10.0.1.3 – 10.0.1.255 (253 IPs) |  | NoAnswer | Not Scanned | Customer |");
    expect(out.endsWith("|\n\n263 IPs (11 rows; ranges shown compactly)\n")).toBe(true);
  });

  it("says so instead of printing an empty table", () => {
    const clean = triageOf([host(0, "10.0.0.1", "Success")]);
    expect(markdown("auth", clean)).toBe("No authentication failures.\n");
    expect(markdown("risk", clean)).toBe("No security risk: no scanned host with findings in the inputs.\n");
    expect(markdown("hosts", triageOf([]))).toBe("No IPs in the inputs.\n");
  });

  it("neutralises Markdown and HTML in text from the data", () => {
    expect(markdownText("<img src=x onerror=alert(1)>")).toBe("\\<img src=x onerror=alert(1)\\>");
    expect(markdownText("*bold* [link](http://x) `code` a\\b &amp;")).toBe("\\*bold\\* \\[link\\](http://x) \\`code\\` a\\\\b \\&amp;");
    expect(markdownText("two\nlines|x")).toBe("two lines\\|x");
  });

  it("keeps a heading or list marker at the start of a line from taking effect", () => {
    const builder = triageOf([host(0, "10.0.0.1", "Success")]);
    const ctx = contextFor("summarize", builder);
    const summary = { ...ctx.summary, inputs: [{ ...ctx.summary.inputs[0]!, path: "# notes.csv", skipped: 1, skippedRows: [{ line: 3, reason: "x" }] }] };
    const out = [...markdownRenderer.render({ ...ctx, summary })].join("");
    expect(out).toContain("\n\\# notes.csv: 1 skipped row\n");
  });
});
