/**
 * `diff` and `trend`, end to end: options -> the core comparison (iterate/diff.ts) -> render ->
 * write -> warnings and gates on stderr. Returns the exit code.
 */
import { resolveConfig } from "../config/config.js";
import { UsageError } from "../errors.js";
import { EXIT_BAD_INPUT, exitCodeFor } from "../gate/exit-code.js";
import { formatGateFailure } from "../gate/gates.js";
import { INPUT_FORMAT_CHOICES } from "../formats/input-formats.js";
import { DIFF_GATES, type DiffThresholds } from "../iterate/diff-gates.js";
import { compareRuns } from "../iterate/diff.js";
import { formatMessage, severityOf } from "../messages/message.js";
import { DIFF_FORMAT_NAMES, isDiffFormat, loadDiffRenderer, type DiffCommand } from "../render/diff/diff-registry.js";
import { RISK_METHODS, type RiskMethod } from "../aggregate/risk.js";
import { loadStatusMap } from "../taxonomy/load-status-map.js";
import { count, gatesFromConfig, jobsOption, thresholds, type RawOptions } from "./options.js";
import { checkNotAnInput, openAtomic } from "./output-file.js";
import { deliver, outputWidth, parallelReading, useColor, warningLines, type RunIO } from "./run.js";
import { loadColors } from "../render/table/colors.js";

export type RawDiffOptions = RawOptions & { maxRegressed?: string; maxNewNotScanned?: string; maxNewFindings?: string; minSeverity?: string };

function diffThresholds(raw: RawDiffOptions): DiffThresholds {
  const out: DiffThresholds = {};
  for (const gate of DIFF_GATES) {
    const text = raw[gate.name];
    if (text !== undefined) out[gate.name] = count(gate.flag, text);
  }
  return out;
}

export async function runDiffCommand(command: DiffCommand, runs: readonly string[], raw: RawDiffOptions, io: RunIO, version = ""): Promise<number> {
  if (command === "diff" && runs.length !== 2) {
    throw new UsageError(`diff compares two runs, ${runs.length} given${runs.length > 2 ? ": use trend for more" : ""}`);
  }
  if (runs.length < 2) throw new UsageError(`${command} needs at least two runs (files or directories)`);
  if (raw.minSeverity !== undefined && !/^[1-5]$/.test(raw.minSeverity.trim())) throw new UsageError(`--min-severity expects 1 to 5, got "${raw.minSeverity}"`);
  const config = resolveConfig(raw.config, io.cwd ?? process.cwd());
  const formatName = raw.json ? "json" : (raw.format ?? "table");
  if (!isDiffFormat(formatName)) throw new UsageError(`--format ${formatName} is not available for ${command}; use one of: ${DIFF_FORMAT_NAMES.join(", ")}`);
  const inputFormat = raw.inputFormat ?? "auto";
  if (!(inputFormat in INPUT_FORMAT_CHOICES)) throw new UsageError(`unknown --input-format "${inputFormat}"; choose one of: ${Object.keys(INPUT_FORMAT_CHOICES).join(", ")}`);
  const riskMethod = (raw.riskMethod ?? config.riskMethod ?? "average") as RiskMethod;
  if (!RISK_METHODS.includes(riskMethod)) throw new UsageError(`unknown --risk-method "${raw.riskMethod}"; choose average or highest`);
  const parallel = parallelReading({ jobs: jobsOption(raw.jobs), jobsGiven: raw.jobs !== undefined });
  const output = raw.output ?? null;
  if (output !== null) checkNotAnInput(output, runs);
  const file = output === null ? null : openAtomic(output);
  try {
    const outcome = await compareRuns({
      runs,
      forced: INPUT_FORMAT_CHOICES[inputFormat] ?? null,
      keepDetails: formatName === "ndjson" || formatName === "csv" || formatName === "html",
      statusMap: raw.statusMap !== undefined ? loadStatusMap(raw.statusMap) : config.statusMap,
      riskMethod,
      accept: config.accept,
      judge: { thresholds: thresholds(raw, config), strict: raw.strict ?? config.strict ?? false, from: gatesFromConfig(raw, config) },
      thresholds: diffThresholds(raw),
      minSeverity: raw.minSeverity === undefined ? 4 : Number(raw.minSeverity),
      parallel,
    });
    if (!outcome.ok) {
      file?.abandon();
      for (const e of outcome.errors) io.stderr.write(`scantriage: error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const color = file === null && useColor(io);
    if (color) await loadColors();
    const renderer = await loadDiffRenderer(formatName);
    await deliver(output, file, io, renderer.render({ command, outcome, color, width: outputWidth(io, file !== null), version }));
    if (!raw.quiet) {
      // Each run's own warnings (its inputs), then the comparison's.
      const diagnostics = [
        ...outcome.runs.flatMap((r) => r.summary.diagnostics),
        ...outcome.warnings.map((m) => ({ code: m.code, severity: severityOf(m.code), input: null, message: formatMessage(m) })),
      ];
      for (const line of warningLines(diagnostics)) io.stderr.write(`${line}\n`);
    }
    for (const gate of outcome.gates) if (!gate.passed) io.stderr.write(`scantriage: ${formatGateFailure(gate)}\n`);
    return exitCodeFor(outcome.gates);
  } finally {
    file?.abandon();
  }
}
