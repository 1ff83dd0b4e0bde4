/**
 * `report`: the core triage -> the HTML report -> the -o file (atomically: an unwritable path is
 * refused before any input is read, and a failure leaves no half-written file) or stdout.
 */
import { resolveConfig } from "../config/config.js";
import { exitCodeFor, EXIT_BAD_INPUT } from "../gate/exit-code.js";
import { formatGateFailure } from "../gate/gates.js";
import { newestTime } from "../iterate/ip-spans.js";
import { NO_PROGRESS, triageInputs } from "../pipeline/triage-inputs.js";
import { renderHtmlReport } from "../render/html/report-html.js";
import { resolveOptions, type RawOptions } from "./options.js";
import { checkNotAnInput, openAtomic } from "./output-file.js";
import { shouldShowProgress, terminalProgress } from "./progress.js";
import { deliver, warningLines, type RunIO } from "./run.js";

export async function runReportCommand(inputs: readonly string[], raw: RawOptions, version: string, io: RunIO): Promise<number> {
  const config = resolveConfig(raw.config, io.cwd ?? process.cwd());
  // The report is one format: options are checked as summarize's are.
  const options = resolveOptions("summarize", inputs, { ...raw, format: "json", json: false }, config);
  const output = raw.output === undefined || raw.output === "-" ? null : raw.output;
  if (output !== null) checkNotAnInput(output, options.inputs);
  const file = output === null ? null : openAtomic(output);
  try {
    const progress = shouldShowProgress(options.progress, io.stderr, io.env) ? terminalProgress(io.stderr) : NO_PROGRESS;
    const outcome = await triageInputs({
      inputs: options.inputs,
      forced: options.forced,
      keepDetails: true,
      statusMap: options.statusMap,
      riskMethod: options.riskMethod,
      accept: options.accept,
      judge: options.judge,
      progress,
    });
    if (!outcome.ok) {
      file?.abandon();
      for (const e of outcome.errors) io.stderr.write(`scantriage: error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const { summary, triage, riskMethod } = outcome;
    const newest = newestTime(triage);
    const chunks = renderHtmlReport({
      summary,
      triage,
      riskMethod,
      generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      version,
      scanDate: newest === null ? null : new Date(newest).toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    await deliver(output, file, io, chunks);
    if (!options.quiet) for (const line of warningLines(summary.diagnostics)) io.stderr.write(`${line}\n`);
    for (const gate of summary.gates) if (!gate.passed) io.stderr.write(`scantriage: ${formatGateFailure(gate)}\n`);
    return exitCodeFor(summary.gates);
  } finally {
    file?.abandon();
  }
}
