/**
 * Terminal tables fit the width they are given (the CLI passes COLUMNS or the tty's width) and
 * leave out columns that are empty in every row. Checked on the rules themselves, on the reporter
 * fixtures and on the real example files, as a user at 60, 80 or 120 columns would see them.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Triage } from "../../src/aggregate/triage.js";
import { triageInputs } from "../../src/pipeline/triage-inputs.js";
import type { CommandName } from "../../src/render/renderer.js";
import type { ColumnMeasure } from "../../src/render/table/cell-layout.js";
import { fitColumns, shrinkToFit, tableWidth } from "../../src/render/table/fit-columns.js";
import type { Column } from "../../src/render/table/report-model.js";
import { loadColors, tableRenderer } from "../../src/render/table/table-renderer.js";
import { contextFor, findings, host, renderText, sampleTriage, triageOf } from "./render-fixture.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus/qualys");
const COMMANDS: readonly CommandName[] = ["summarize", "hosts", "auth", "risk"];
const WIDTHS = [60, 80, 120] as const;

beforeAll(loadColors);

function table(command: CommandName, triage: Triage, width: number | null, color = false): string {
  return renderText(tableRenderer, contextFor(command, triage, { width, color }));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Lines as the terminal shows them: colour codes take no room. */
function visibleLines(text: string): string[] {
  return text.replace(ANSI, "").trimEnd().split("\n");
}

function widest(text: string): number {
  return Math.max(...visibleLines(text).map((line) => [...line].length));
}

/** The column titles of the first table in the text. */
function titles(text: string): string[] {
  const header = visibleLines(text).find((line) => line.startsWith("│")) ?? "";
  return header.split("│").slice(1, -1).map((t) => t.trim());
}

/** Reads input files the way the CLI does: through the core triage function. */
async function triageOfFiles(paths: readonly string[]): Promise<Triage> {
  const outcome = await triageInputs({ inputs: paths });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("\n"));
  return outcome.triage;
}

/** Hosts with long texts in every column: what overflowed 80 and 120 columns before. */
function wideTriage(): Triage {
  const hosts = [];
  for (let i = 1; i <= 6; i++) {
    hosts.push(
      host(0, `10.9.0.${i}`, i % 2 === 0 ? "CredentialNoLongerWork" : "UnusableConnection", {
        hostname: `server-${i}.datacenter-frankfurt.eu-central-1.compute.internal`,
        detail: `Credential 'win-domain-admin' no longer works on 10.9.0.${i} after the password rotation of the weekend`,
        findings: findings([i, 0, 2, 0, 1], [0, 1, 0, 0, 0], [3, 0, 0, 0, 0]),
      }),
    );
  }
  hosts.push(host(0, "2001:db8:85a3::8a2e:370:7334", "Timeout Exceeded on the appliance", { hostname: "v6-only-host.example" }));
  return triageOf(hosts, "qualys-scan");
}

const measure = (widest: number, longestWord = widest, filled = 1, rows = 1): ColumnMeasure => ({ widest, longestWord, filled, rows });

describe("fitting columns to a width", () => {
  it("keeps natural widths when they fit, and uses exactly the width when they do not", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Detail", minWidth: 10 }];
    expect(fitColumns(columns, [measure(15), measure(30, 8)], 80).widths).toEqual([15, 30]);
    const tight = fitColumns(columns, [measure(15), measure(30, 8)], 40);
    expect(tight.widths).toEqual([15, 18]);
    expect(tableWidth(tight.widths)).toBe(40);
  });

  it("wraps free text first, the widest first, before names wrap at their spaces", () => {
    const columns: Column[] = [{ title: "Status" }, { title: "Hostname", minWidth: 10 }, { title: "Detail", minWidth: 10 }];
    // Status "Timeout Exceeded" (16, longest word 8); hostname 20; detail 40.
    const measures = [measure(16, 8), measure(20), measure(40)];
    expect(fitColumns(columns, measures, 60).widths).toEqual([16, 17, 17]);
    // Free text at its minWidth still too wide: now the status wraps.
    expect(fitColumns(columns, measures, 40).widths).toEqual([10, 10, 10]);
  });

  it("leaves out optional columns, lowest dropOrder first, and says which", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Source", minWidth: 10, dropOrder: 1 }, { title: "Category", dropOrder: 2 }, { title: "Detail", minWidth: 10, dropOrder: 3 }];
    const measures = [measure(15), measure(30), measure(11, 7), measure(40)];
    expect(fitColumns(columns, measures, 120).dropped).toEqual([]);
    const fit50 = fitColumns(columns, measures, 50);
    expect(fit50.shown).toEqual([0, 2, 3]);
    expect(fit50.dropped.map((c) => c.title)).toEqual(["Source"]);
    const fit40 = fitColumns(columns, measures, 40);
    expect(fit40.shown).toEqual([0, 3]);
    // An optional name never wraps: Category needs its 11 or is left out.
    expect(fit40.dropped.map((c) => c.title)).toEqual(["Source", "Category"]);
  });

  it("lets a column with a value in only a few rows give way before fuller ones", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Hostname", minWidth: 20, dropOrder: 2 }, { title: "Detail", minWidth: 20, dropOrder: 1 }];
    const fuller = fitColumns(columns, [measure(15, 15, 40, 40), measure(30, 30, 20, 40), measure(40, 40, 40, 40)], 45);
    expect(fuller.dropped.map((c) => c.title)).toEqual(["Detail"]);
    const sparse = fitColumns(columns, [measure(15, 15, 40, 40), measure(30, 30, 1, 40), measure(40, 40, 40, 40)], 45);
    expect(sparse.dropped.map((c) => c.title)).toEqual(["Hostname"]);
  });

  it("leaves out columns empty in every row, or holding only the placeholder, with or without a width", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Hostname" }, { title: "Risk", placeholder: "-" }];
    const measures = [measure(15), measure(8, 8, 0, 3), measure(4, 4, 0, 3)];
    for (const width of [null, 80]) {
      expect(fitColumns(columns, measures, width).shown).toEqual([0]);
      expect(fitColumns(columns, measures, width).dropped).toEqual([]);
    }
  });

  it("wraps titles and squeezes free text further only when the columns always shown need it", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Sev 1", align: "right" }, { title: "Detail", minWidth: 20 }];
    const measures = [measure(15, 15), measure(5, 1), measure(60)];
    // Step 2 needs 15 + 5 + 20 + 10 = 50. At 40 the detail narrowing is enough; at 38 the title wraps too ("Sev" / "1").
    expect(fitColumns(columns, measures, 40).widths).toEqual([15, 5, 10]);
    expect(fitColumns(columns, measures, 38).widths).toEqual([15, 3, 10]);
  });

  it("lays out at readable widths, wider than the terminal, when an unbreakable minimum cannot fit", () => {
    const columns: Column[] = [{ title: "IP" }, { title: "Status" }, { title: "Detail", minWidth: 20 }];
    const measures = [measure(39, 39), measure(22, 22), measure(60)];
    expect(fitColumns(columns, measures, 50).widths).toEqual([39, 22, 20]);
  });

  it("shrinks with one cap, the widest first, and hands what is left to the capped columns from the left", () => {
    expect(shrinkToFit([10, 30, 30], [5, 5, 5], tableWidth([10, 20, 21]))).toEqual([10, 21, 20]);
    expect(shrinkToFit([10, 30], [5, 5], 100)).toEqual([10, 30]);
  });
});

describe("tables at a terminal width", () => {
  const triages: Record<string, () => Triage> = { sample: sampleTriage, wide: wideTriage };

  it.each(COMMANDS.flatMap((command) => WIDTHS.flatMap((width) => Object.keys(triages).map((name) => [command, width, name] as const))))(
    "%s at %d columns (%s data) fits, coloured or not",
    (command, width, name) => {
      const triage = (triages[name] as () => Triage)();
      for (const color of [false, true]) expect(widest(table(command, triage, width, color))).toBeLessThanOrEqual(width);
    },
  );

  it("used to overflow 120 columns with the wide data", () => {
    expect(widest(table("hosts", wideTriage(), null))).toBeGreaterThan(120);
    expect(widest(table("auth", wideTriage(), null))).toBeGreaterThan(120);
  });

  it("names the columns left out under the table", () => {
    const out = table("hosts", wideTriage(), 80);
    expect(titles(out)).toEqual(["IP", "Status", "Action", "Risk"]);
    expect(out).toContain("\nColumns left out to fit 80 characters: Hostname, Category, Responsible, Source,\nDetail\n");
    expect(table("hosts", wideTriage(), null)).not.toContain("left out");
  });

  it("says nothing of columns when there is no table", () => {
    expect(table("auth", triageOf([host(0, "10.0.0.1", "Success")]), 20)).toBe("No authentication\nfailures.\n");
  });

  it("shows every column that has a value when the terminal is wide enough", () => {
    expect(titles(table("hosts", wideTriage(), 400))).toEqual(["IP", "Hostname", "Status", "Category", "Responsible", "Action", "Risk", "Source", "Detail"]);
  });

  it("wraps cells instead of cutting them", () => {
    const out = table("auth", wideTriage(), 80);
    const detail = titles(out).indexOf("Detail") + 1;
    const detailLines = visibleLines(out).map((line) => line.split("│")[detail]?.trim() ?? "");
    expect(detailLines.join(" ")).toContain("Credential 'win-domain-admin' no longer works on 10.9.0.2 after the password rotation of the weekend");
  });

  it("never splits an IP or a status name: a table that cannot fit is wider than the terminal", () => {
    const out = table("auth", wideTriage(), 40);
    expect(widest(out)).toBeGreaterThan(40);
    expect(out).toMatch(/│ 10\.9\.0\.2 +│ CredentialNoLongerWork │/);
  });

  it("wraps the lines around the tables too, list items under their bullet", () => {
    const hosts = [host(0, "10.0.0.1", "Success"), host(0, "10.0.0.2", "Frobnicated by the appliance for reasons nobody could explain to us")];
    const out = table("summarize", triageOf(hosts), 60);
    expect(widest(out)).toBeLessThanOrEqual(60);
    expect(out).toMatch(/\n {2}- 1 IP has a status .*\n {4}\S/);
  });
});

describe("columns empty in every row", () => {
  const log = () =>
    triageOf([
      host(0, "10.0.0.1", "Success", { detail: "System discovered" }),
      host(0, "10.0.0.2", "NoAnswer", { detail: "No answer from system" }),
    ]);

  it("are left out of the table, whatever the width", () => {
    for (const width of [null, 400]) {
      expect(titles(table("hosts", log(), width))).toEqual(["IP", "Status", "Category", "Responsible", "Action", "Source", "Detail"]);
    }
  });

  it("count a placeholder as empty: no Risk column when no host has a risk", () => {
    expect(titles(table("hosts", log(), null))).not.toContain("Risk");
    expect(titles(table("hosts", sampleTriage(), null))).toContain("Risk");
  });

  it("are left out of the summary's tables too", () => {
    const failures = triageOf([host(0, "10.0.0.1", "CredentialFailed", { detail: "denied" })]);
    const out = table("summarize", failures, null);
    expect(out).toMatch(/│ IP +│ Status +│ Detail │ Action +│/);
  });
});

describe("the example files as a user sees them", () => {
  const examples = [["examples/scan-log.csv"], ["examples/qualys-scan.xml"], ["examples/scan-log.csv", "examples/qualys-scan.xml"]];
  const corpus = ["adr_defectdojo_training_sample.xml", "hld_demisto_raw.xml", "adr_dradis_agent_no_results.xml", "scan_dradis_simple.xml"].map((name) => resolve(CORPUS, name));
  const inputs = existsSync(CORPUS) ? [...examples, ...corpus.map((path) => [path])] : examples;

  it.each(inputs.map((paths) => [paths.join(" "), paths] as const))("%s fits 60, 80 and 120 columns", async (_name, paths) => {
    const triage = await triageOfFiles(paths.map((p) => resolve(ROOT, p)));
    for (const command of COMMANDS) {
      for (const width of WIDTHS) expect(widest(table(command, triage, width, true)), `${command} at ${width}`).toBeLessThanOrEqual(width);
    }
  });
});
