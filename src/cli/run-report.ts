/**
 * `report`: the core triage -> the HTML report -> the -o file (atomically: an unwritable path is
 * refused before any input is read, and a failure leaves no half-written file) or stdout.
 */
import { resolveConfig } from "../config/config.js";
import { exitCodeFor, EXIT_BAD_INPUT } from "../gate/exit-code.js";
import { formatGateFailure } from "../gate/gates.js";
import { newestTime } from "../iterate/ip-spans.js";
import { triageInputs } from "../pipeline/triage-inputs.js";
import { renderHtmlReport, renderWorksheetHtml } from "../render/html/report-html.js";
import { PARTIES, worksheetCsv, worksheetMarkdown, type Party } from "../render/worksheet.js";
import { UsageError } from "../errors.js";
import { resolveOptions, type RawOptions } from "./options.js";
import { checkNotAnInput, openAtomic } from "./output-file.js";
import { deliver, triageRequest, warningLines, type RunIO } from "./run.js";

export type RawWorksheetOptions = RawOptions & { responsible?: string[] | string; format?: string };

const WORKSHEET_FORMATS = ["csv", "markdown", "html"] as const;

/** `report` (the HTML report), or `worksheet` (one party's worksheet as CSV, Markdown or HTML). */
export async function runReportCommand(inputs: readonly string[], raw: RawWorksheetOptions, version: string, io: RunIO, worksheet = false): Promise<number> {
  let party: Party = "Customer";
  let format: (typeof WORKSHEET_FORMATS)[number] = "html";
  if (worksheet) {
    const given = [raw.responsible ?? []].flat().flatMap((r) => r.split(",")).map((r) => r.trim()).filter((r) => r !== "");
    const match = PARTIES.find((p) => given.length === 1 && p.toLowerCase() === given[0]?.toLowerCase());
    if (!match) throw new UsageError(`worksheet: give --responsible Customer or --responsible ServiceProvider (one party)${given.length > 0 ? `, got "${given.join(",")}"` : ""}`);
    party = match;
    const f = raw.format ?? "markdown";
    if (!(WORKSHEET_FORMATS as readonly string[]).includes(f)) throw new UsageError(`worksheet: unknown --format "${f}"; choose one of: ${WORKSHEET_FORMATS.join(", ")}`);
    format = f as (typeof WORKSHEET_FORMATS)[number];
  }
  const config = resolveConfig(raw.config, io.cwd ?? process.cwd());
  // The report is one format: options are checked as summarize's are.
  const { responsible: _responsible, ...rest } = raw;
  const options = resolveOptions("summarize", inputs, { ...rest, format: "json", json: false }, config);
  const output = raw.output === undefined || raw.output === "-" ? null : raw.output;
  if (output !== null) checkNotAnInput(output, options.inputs);
  const file = output === null ? null : openAtomic(output);
  try {
    const outcome = await triageInputs(triageRequest(options, true, io));
    if (!outcome.ok) {
      file?.abandon();
      for (const e of outcome.errors) io.stderr.write(`scantriage: error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const { summary, triage, riskMethod } = outcome;
    const newest = newestTime(triage);
    const input = {
      summary,
      triage,
      riskMethod,
      generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      version,
      scanDate: newest === null ? null : new Date(newest).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
    const chunks = !worksheet
      ? renderHtmlReport(input)
      : format === "html"
        ? renderWorksheetHtml(input, party)
        : format === "csv"
          ? worksheetCsv(triage, riskMethod, party)
          : worksheetMarkdown(triage, riskMethod, party);
    await deliver(output, file, io, chunks);
    if (!options.quiet) for (const line of warningLines(summary.diagnostics)) io.stderr.write(`${line}\n`);
    for (const gate of summary.gates) if (!gate.passed) io.stderr.write(`scantriage: ${formatGateFailure(gate)}\n`);
    return exitCodeFor(summary.gates);
  } finally {
    file?.abandon();
  }
}
