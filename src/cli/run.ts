/**
 * One command, end to end: config and options -> the core triage -> render -> write -> warnings and
 * gates on stderr. Returns the exit code; the only side effects are writes to the given streams and
 * the -o file.
 */
import { iterateRowBlocks, iterateRows, recordToRow, type HostRow, type RowBlock } from "../aggregate/host-row.js";
import type { HostRecord } from "../aggregate/host-record.js";
import type { RiskMethod } from "../aggregate/risk.js";
import type { Diagnostic } from "../aggregate/summarize.js";
import type { Triage } from "../aggregate/triage.js";
import { resolveConfig } from "../config/config.js";
import { OutputError, type InputError } from "../errors.js";
import { EXIT_BAD_INPUT, exitCodeFor } from "../gate/exit-code.js";
import { formatGateFailure } from "../gate/gates.js";
import { NO_PROGRESS, triageInputs, type GroupTriage, type TriageRequest } from "../pipeline/triage-inputs.js";
import { plural } from "../lib/format-number.js";
import type { CommandName } from "../render/renderer.js";
import { safeCell } from "../render/sanitize.js";
import { AUTH_FAILURE_STATUSES } from "../taxonomy/statuses.js";
import { resolveOptions, type RawOptions, type ResolvedOptions, type RowFilter } from "./options.js";
import { checkNotAnInput, openAtomic, type AtomicFile } from "./output-file.js";
import { shouldShowProgress, terminalProgress } from "./progress.js";
import { OutputClosed, writeChunks } from "./write-output.js";
import type { Writable } from "node:stream";

export interface RunIO {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Where scantriage.config.json is looked for (the working directory). */
  readonly cwd?: string;
}

/** Warnings printed on stderr before the rest are only counted (all stay in the report). */
export const MAX_STDERR_WARNINGS = 10;

/** Colour follows the conventions: FORCE_COLOR wins, then NO_COLOR, then whether stdout is a terminal. */
export function useColor(io: RunIO): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.stdout.isTTY === true;
}

/** Table width: COLUMNS when set, else the terminal's; null (natural widths) for pipes and files. */
export function outputWidth(io: RunIO, toFile: boolean): number | null {
  const columns = Number(io.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return toFile ? null : (io.stdout.columns ?? null);
}

function keeps(filter: RowFilter | null, row: HostRow): boolean {
  if (!filter) return true;
  return (
    (filter.categories.size === 0 || filter.categories.has(row.category)) &&
    (filter.responsibles.size === 0 || filter.responsibles.has(row.responsible)) &&
    (filter.statuses.size === 0 || filter.statuses.has(row.status.toLowerCase()))
  );
}

/** Rows of records, one at a time (ndjson streams them). */
function* rowsOf(triage: Triage, method: RiskMethod, records: Iterable<HostRecord>): Generator<HostRow> {
  for (const r of records) yield recordToRow(r, triage, method);
}

function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

/** With --group-by, each group's rows in turn, each row with its group. */
function* grouped<T>(groups: readonly GroupTriage[], rows: (triage: Triage) => Iterable<T>, withGroup: (item: T, key: string) => T): Generator<T> {
  for (const g of groups) for (const item of rows(g.triage)) yield withGroup(item, g.key);
}

function rowsOfRun(command: CommandName, outcome: { triage: Triage; groups: readonly GroupTriage[] | null }, method: RiskMethod, filter: RowFilter | null): () => Iterable<HostRow> {
  const { groups } = outcome;
  if (groups === null) return rowsFor(command, outcome.triage, method, filter);
  return () => grouped(groups, (t) => rowsFor(command, t, method, filter)(), (row, group) => ({ ...row, group }));
}

function blocksOfRun(outcome: { triage: Triage; groups: readonly GroupTriage[] | null }, method: RiskMethod, filter: RowFilter | null): () => Iterable<RowBlock> {
  const { groups } = outcome;
  if (groups === null) return blocksFor(outcome.triage, method, filter);
  return () => grouped(groups, (t) => blocksFor(t, method, filter)(), (b, group) => ({ ...b, first: { ...b.first, group } }));
}

function rowsFor(command: CommandName, triage: Triage, method: RiskMethod, filter: RowFilter | null): () => Iterable<HostRow> {
  const all = (): Iterable<HostRow> => {
    switch (command) {
      case "auth":
        return rowsOf(triage, method, triage.records.where((v) => AUTH_FAILURE_STATUSES.has(v.status)));
      case "risk":
        return rowsOf(triage, method, triage.records.withFindings());
      default:
        return iterateRows(triage, method);
    }
  };
  return filter ? () => filtered(all(), (row) => keeps(filter, row)) : all;
}

function blocksFor(triage: Triage, method: RiskMethod, filter: RowFilter | null): () => Iterable<RowBlock> {
  return filter ? () => filtered(iterateRowBlocks(triage, method), (b) => keeps(filter, b.first)) : () => iterateRowBlocks(triage, method);
}

export function warningLines(diagnostics: readonly Diagnostic[]): string[] {
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  const lines = warnings.slice(0, MAX_STDERR_WARNINGS).map((d) => `scantriage: warning: ${d.input ? `${safeCell(d.input)}: ` : ""}${safeCell(d.message)}`);
  const rest = warnings.length - MAX_STDERR_WARNINGS;
  if (rest > 0) lines.push(`scantriage: warning: ... and ${plural(rest, "more warning")} (all are in --format json, under "diagnostics")`);
  return lines;
}

/** Writes the chunks to the -o file (atomically) or to stdout (a closed pipe ends quietly). */
export async function deliver(output: string | null, file: AtomicFile | null, io: RunIO, chunks: Iterable<string>): Promise<void> {
  if (!file) {
    try {
      await writeChunks(io.stdout, chunks);
    } catch (err) {
      if (!(err instanceof OutputClosed)) throw err;
    }
    return;
  }
  try {
    await writeChunks(file.stream, chunks);
    await file.commit();
  } catch (err) {
    file.abandon();
    if (err instanceof OutputClosed) throw new OutputError(`cannot write the output to ${safeCell(output ?? "")}`);
    throw err;
  }
}

/** JUnit output still reports unreadable inputs (as errors), so a dashboard shows why the run failed. */
async function reportInputErrors(options: ResolvedOptions, file: AtomicFile | null, io: RunIO, errors: readonly InputError[]): Promise<void> {
  if (options.formatName !== "junit") {
    file?.abandon();
    return;
  }
  const { junitForInputErrors } = await import("../render/junit.js");
  await deliver(options.output, file, io, junitForInputErrors(options.inputs, errors));
}

/** Set by the bundler; workers run only from the bundle (bin/read-worker.cjs loads it), not from source. */
declare const __SCANTRIAGE_VERSION__: string | undefined;

/** --jobs: worker threads from the bundle's worker script; none when running from source (tests). */
export function parallelReading(options: Pick<ResolvedOptions, "jobs" | "jobsGiven">): TriageRequest["parallel"] {
  if (typeof __SCANTRIAGE_VERSION__ !== "string" || options.jobs < 2) return null;
  return { jobs: options.jobs, script: new URL("../bin/read-worker.cjs", import.meta.url), always: options.jobsGiven };
}

/** The core's request for the options of a command (the report and worksheet use it too). */
export function triageRequest(options: ResolvedOptions, keepDetails: boolean, io: RunIO): TriageRequest {
  const progress = shouldShowProgress(options.progress, io.stderr, io.env) ? terminalProgress(io.stderr) : NO_PROGRESS;
  return {
    inputs: options.inputs,
    forced: options.forced,
    keepDetails,
    statusMap: options.statusMap,
    riskMethod: options.riskMethod,
    accept: options.accept,
    judge: options.judge,
    progress,
    groupBy: options.groupBy,
    parallel: parallelReading(options),
  };
}

export async function runCommand(command: CommandName, inputs: readonly string[], raw: RawOptions, io: RunIO): Promise<number> {
  const config = resolveConfig(raw.config, io.cwd ?? process.cwd());
  const options = resolveOptions(command, inputs, raw, config);
  // Opened first: an unwritable -o path is refused before any input is read.
  if (options.output !== null) checkNotAnInput(options.output, options.inputs);
  const file = options.output === null ? null : openAtomic(options.output);
  try {
    const outcome = await triageInputs(triageRequest(options, command === "hosts", io));
    if (!outcome.ok) {
      await reportInputErrors(options, file, io, outcome.errors);
      for (const e of outcome.errors) io.stderr.write(`scantriage: error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const { triage, parts, summary, riskMethod } = outcome;
    const color = file === null && useColor(io);
    const renderer = await options.renderer.load(color);
    const chunks = renderer.render({
      command,
      summary,
      triage,
      parts,
      riskMethod,
      rows: rowsOfRun(command, outcome, riskMethod, options.filter),
      blocks: blocksOfRun(outcome, riskMethod, options.filter),
      filtered: options.filter !== null,
      color,
      width: outputWidth(io, file !== null),
    });
    await deliver(options.output, file, io, chunks);
    if (!options.quiet) for (const line of warningLines(summary.diagnostics)) io.stderr.write(`${line}\n`);
    for (const gate of summary.gates) if (!gate.passed) io.stderr.write(`scantriage: ${formatGateFailure(gate)}\n`);
    return exitCodeFor(summary.gates);
  } finally {
    file?.abandon();
  }
}
