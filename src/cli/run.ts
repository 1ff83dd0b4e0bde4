/**
 * One command, end to end: options -> read inputs -> triage -> summary -> render -> gates.
 * Returns the exit code; the only side effects are writes to the given streams.
 */
import { iterateRows, recordToRow, type HostRow } from "../aggregate/host-row.js";
import { summarize } from "../aggregate/summarize.js";
import type { Triage } from "../aggregate/triage.js";
import type { HostRecord } from "../aggregate/host-record.js";
import type { RiskMethod } from "../aggregate/risk.js";
import { evaluateGates, formatGateFailure } from "../gate/gates.js";
import { EXIT_BAD_INPUT, exitCodeFor } from "../gate/exit-code.js";
import type { CommandName } from "../render/renderer.js";
import { AUTH_FAILURE_STATUSES } from "../taxonomy/statuses.js";
import { loadStatusMap } from "../taxonomy/load-status-map.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { resolveOptions, type RawOptions } from "./options.js";
import { NO_PROGRESS, shouldShowProgress, terminalProgress } from "./progress.js";
import { readInputs } from "./read-inputs.js";
import { OutputClosed, writeChunks } from "./write-output.js";
import type { Writable } from "node:stream";

export interface RunIO {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** Colour follows the conventions: FORCE_COLOR wins, then NO_COLOR, then whether stdout is a terminal. */
export function useColor(io: RunIO): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "" ) return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.stdout.isTTY === true;
}

/** Rows of records, one at a time (ndjson streams them). */
function* rowsOf(triage: Triage, method: RiskMethod, records: Iterable<HostRecord>): Generator<HostRow> {
  for (const r of records) yield recordToRow(r, triage, method);
}

function rowsFor(command: CommandName, triage: Triage, method: RiskMethod): () => Iterable<HostRow> {
  switch (command) {
    case "auth":
      return () => rowsOf(triage, method, triage.records.where((v) => AUTH_FAILURE_STATUSES.has(v.status)));
    case "risk":
      return () => rowsOf(triage, method, triage.records.withFindings());
    default:
      return () => iterateRows(triage, method);
  }
}

export async function runCommand(command: CommandName, inputs: readonly string[], raw: RawOptions, io: RunIO): Promise<number> {
  const options = resolveOptions(command, inputs, raw);
  const taxonomy = new Taxonomy(options.statusMap ? loadStatusMap(options.statusMap) : undefined);
  const progress = shouldShowProgress(options.progress, io.stderr, io.env) ? terminalProgress(io.stderr) : NO_PROGRESS;
  const { triage, errors } = await readInputs(options, taxonomy, progress);
  if (!triage) {
    for (const e of errors) io.stderr.write(`scantriage: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const summary = summarize(triage, options.riskMethod);
  const color = useColor(io);
  const renderer = await options.renderer.load(color);
  const chunks = renderer.render({
    command,
    summary,
    triage,
    riskMethod: options.riskMethod,
    rows: rowsFor(command, triage, options.riskMethod),
    color,
    width: io.stdout.columns ?? null,
  });
  // Gates judge the summary, not the output: a reader that stops early (`| head`) changes nothing.
  const failures = evaluateGates(summary, options.gates);
  try {
    await writeChunks(io.stdout, chunks);
  } catch (err) {
    if (!(err instanceof OutputClosed)) throw err;
  }
  for (const f of failures) io.stderr.write(`scantriage: ${formatGateFailure(f)}\n`);
  return exitCodeFor(failures);
}
