/**
 * The core of every command: inputs and options in, the triage and its summary out. Every input is
 * tried, so that all problems are reported at once; any problem means no result. The CLI parses
 * arguments, calls this, renders and sets the exit code; tests and later commands call it directly.
 */
import { AcceptList, todayIso, type AcceptEntry } from "../accept/accept-list.js";
import type { RiskMethod } from "../aggregate/risk.js";
import { summarize, summarizeParts, type GroupSummary, type JudgeOptions, type Summary } from "../aggregate/summarize.js";
import { compareText } from "../aggregate/compare-text.js";
import { newInputReport, type InputReport } from "../aggregate/input-report.js";
import type { ObservationSink, ReadResult, ReadWatch } from "../formats/reader.js";
import { inputGroupKey, routeByColumn, type GroupBy } from "./groups.js";
import { TriageBuilder } from "../aggregate/triage-builder.js";
import type { Triage } from "../aggregate/triage.js";
import { InputError } from "../errors.js";
import type { ForcedFormat } from "../formats/input-formats.js";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { detectInput, type InputHead } from "../detect/detect-format.js";
import { splitReaderFor, worthAWorker } from "../formats/input-formats.js";
import { ReadPool, type HeldRead } from "./parallel-read.js";
import { PartSchedule } from "../formats/part-schedule.js";
import { SPLIT_MIN_BYTES } from "../formats/split-parts.js";
import { readInput, type ReadSettings } from "./read-input.js";
import { Taxonomy, type StatusMap } from "../taxonomy/taxonomy.js";

/** Watches the bytes of each input go by (the CLI draws a progress line on a terminal). */
export interface ProgressReporter {
  track(path: string, size: number | null, chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer>;
  /** Bytes of the input being tracked that other threads read (parts of a split file). */
  elsewhere(bytes: number): void;
  done(): void;
}

export const NO_PROGRESS: ProgressReporter = {
  track: (_path, _size, chunks) => chunks,
  elsewhere: () => undefined,
  done: () => undefined,
};

function watchFor(progress: ProgressReporter, path: string): ReadWatch {
  return { chunks: (size, chunks) => progress.track(path, size, chunks), elsewhere: (bytes) => progress.elsewhere(bytes) };
}

export interface TriageRequest {
  readonly inputs: readonly string[];
  /** --input-format: the syntax and, where named, the exact format. */
  readonly forced?: ForcedFormat | null;
  /** Keep every row's details (only `hosts` prints them; the rest saves the memory). */
  readonly keepDetails?: boolean;
  /** Keep every finding key in Triage.findings, to compare runs finding by finding (false: counts only). */
  readonly keepFindings?: boolean;
  readonly statusMap?: StatusMap;
  readonly riskMethod?: RiskMethod;
  readonly accept?: readonly AcceptEntry[];
  /** YYYY-MM-DD that accept-list expiry dates are compared with; today by default. */
  readonly today?: string;
  readonly judge?: JudgeOptions;
  readonly progress?: ProgressReporter;
  /** --group-by: one triage per input, folder or column value; null or absent: one for the run. */
  readonly groupBy?: GroupBy | null;
  /** --jobs: read inputs on worker threads (absent: all on the main thread). */
  readonly parallel?: ParallelReading | null;
}

export interface ParallelReading {
  readonly jobs: number;
  /** The worker's script (bin/read-worker.cjs beside the bundle). */
  readonly script: string | URL;
  /** Use workers whatever the inputs' size (--jobs given explicitly); else only on large inputs. */
  readonly always: boolean;
}

/** One group of --group-by: its key (the input, its folder, or the column's value) and its own triage. */
export interface GroupTriage {
  readonly key: string;
  /** The inputs that fed the group, in command-line order. */
  readonly inputs: readonly string[];
  readonly triage: Triage;
  /** The group's summary, judged by the gates on its own. */
  readonly summary: Summary;
}

export type TriageOutcome =
  | {
      readonly ok: true;
      /** The run's triage; with --group-by, the first group's (the rows and tables read `parts`). */
      readonly triage: Triage;
      /** The triages whose hosts are distinct: one, or one per group in key order. */
      readonly parts: readonly Triage[];
      readonly groups: readonly GroupTriage[] | null;
      readonly summary: Summary;
      readonly riskMethod: RiskMethod;
    }
  | { readonly ok: false; readonly errors: readonly InputError[]; readonly inputs: readonly string[] };

/** Where one input's observations go: a builder's sink, or a sink that routes rows to groups. */
interface InputTarget {
  readonly index: number;
  readonly sink: ObservationSink;
  readonly report: InputReport;
  /** Reports of a routed input in its groups' builders (they learn its format after the read). */
  readonly groupReports?: () => readonly InputReport[];
}

function readSettings(request: TriageRequest): ReadSettings {
  return {
    forced: request.forced ?? null,
    keepDetails: request.keepDetails ?? true,
    keepFindings: request.keepFindings ?? false,
    groupColumn: request.groupBy?.kind === "column" ? request.groupBy.column : null,
  };
}

/** After the read: what the reader said of the input goes into its report(s). */
function record(target: InputTarget, result: ReadResult): void {
  const { report } = target;
  report.format = result.format;
  report.records = result.records;
  if (result.classified !== undefined) report.classified = result.classified;
  if (result.findings !== undefined) report.findings = result.findings;
  // A file's warnings concern every group read from it (--strict judges each group).
  for (const part of target.groupReports?.() ?? []) {
    part.format = result.format;
    part.findings = report.findings;
    part.records = part.classified;
    part.warnings.push(...report.warnings);
  }
}

/** Whole inputs a worker may read ahead of the one this thread is at, a thread (part-schedule.ts). */
const INPUTS_AHEAD = 4;
/** Inputs this thread may read ahead of its turn, their observations held in memory: small ones only. */
const AHEAD_MAX_BYTES = 64 * 1024 * 1024;

/** Worker threads pay off on several inputs of some size: below this, starting them costs more. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MIN_MEAN_BYTES = 1024 * 1024;
const HEAD_BYTES = 16384;

/**
 * The pool for this run, or null to read every input on the main thread: several inputs are read
 * one per worker; a single large one (a SCAN, a scan log) is cut into parts that the workers parse.
 */
function poolFor(request: TriageRequest, settings: ReadSettings): { pool: ReadPool; wholeFiles: boolean } | null {
  const parallel = request.parallel;
  if (!parallel || parallel.jobs < 2) return null;
  // Every finding kept (diff, trend) is one more observation to copy between threads and replay: more
  // than reading it here costs, so workers only when asked for.
  if (settings.keepFindings && !parallel.always) return null;
  const files = request.inputs.filter((p) => p !== "-");
  const bytes = files.reduce((sum, path) => sum + fileSize(path), 0);
  const wholeFiles = files.length >= 2;
  // One file: only a format that can be cut into parts (a SCAN, a detection list, a scan log) uses workers.
  if (!wholeFiles && (bytes < SPLIT_MIN_BYTES || files[0] === undefined || splitReaderFor(headOf(files[0]), request.forced ?? null) === null)) return null;
  if (wholeFiles && !parallel.always && !workersPay(files, bytes, request.forced ?? null)) return null;
  // This thread reads too (inputs no worker has started, every other part of a split file): jobs - 1 workers.
  // A split file keeps every worker busy; whole files, one worker each at most.
  const size = wholeFiles ? Math.min(parallel.jobs - 1, files.length) : parallel.jobs - 1;
  return { pool: new ReadPool(size, { script: parallel.script, statusMap: request.statusMap, read: settings }), wholeFiles };
}

/**
 * Workers pay off on inputs of some size that take work to read: not below PARALLEL_MIN_BYTES in
 * all or MIN_MEAN_BYTES a file (starting and feeding workers costs more), nor on the tool's own
 * hosts rows (a map step's parts: reading them is little beside replaying what they hold).
 */
function workersPay(files: readonly string[], bytes: number, forced: ForcedFormat | null): boolean {
  if (bytes < PARALLEL_MIN_BYTES || bytes / files.length < MIN_MEAN_BYTES) return false;
  let worth = 0;
  for (const path of files) if (worthAWorker(headOf(path), forced)) worth++;
  return worth * 2 > files.length;
}

/** The detected head of a file (its first KB), for choosing how to read it. */
function headOf(path: string): InputHead {
  const buf = Buffer.alloc(HEAD_BYTES);
  let n = 0;
  try {
    const fd = openSync(path, "r");
    try {
      n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Reported when the input is read.
  }
  const detected = detectInput(buf.subarray(0, n), n < HEAD_BYTES);
  return "problem" in detected ? { syntax: "csv", text: "", complete: true, xmlRoot: null } : detected;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // reported when the input is read
  }
}

export async function triageInputs(request: TriageRequest): Promise<TriageOutcome> {
  const taxonomy = new Taxonomy(request.statusMap);
  const accept = request.accept && request.accept.length > 0 ? new AcceptList(request.accept, request.today ?? todayIso()) : null;
  const newBuilder = () => new TriageBuilder(taxonomy, request.keepDetails ?? true, accept, request.keepFindings ?? false);
  const progress = request.progress ?? NO_PROGRESS;
  const groupBy = request.groupBy ?? null;
  const single = groupBy === null ? newBuilder() : null;
  const builders = new Map<string, { builder: TriageBuilder; inputs: Set<string> }>();
  const builderFor = (key: string, path: string) => {
    let group = builders.get(key);
    if (group === undefined) {
      group = { builder: newBuilder(), inputs: new Set() };
      builders.set(key, group);
    }
    group.inputs.add(path);
    return group.builder;
  };
  const files: InputReport[] = [];
  const errors: InputError[] = [];
  let columnFound = false;
  const settings = readSettings(request);
  const parallel = poolFor(request, settings);
  const pool = parallel?.wholeFiles === true ? parallel.pool : null;
  const runner = parallel?.wholeFiles === false ? parallel.pool : null;
  const targets: InputTarget[] = request.inputs.map((path, i) => {
    if (single !== null) return single.sinkFor(path);
    if (groupBy !== null && groupBy.kind !== "column") return builderFor(inputGroupKey(groupBy, path) as string, path).sinkFor(path);
    // Rows go to the groups' builders, which give the input its index there (routeByColumn).
    const report = newInputReport(path);
    const routed = routeByColumn(path, report, (key) => builderFor(key, path));
    return { index: i, sink: routed.sink, report, groupReports: routed.groupReports };
  });
  // This thread reads the inputs in order, each one no worker has begun itself (no copy, no
  // replay), while the workers take inputs ahead of it; it replays theirs as it gets to them. While
  // a worker is still on the input it has reached, it reads the next small one nobody has begun.
  // Standard input is always read here.
  const lean = (id: number) => (targets[id] as InputTarget).sink.leanHost !== undefined;
  const sizes = pool === null ? [] : request.inputs.map(fileSize);
  const schedule =
    pool === null
      ? null
      : new PartSchedule<boolean | HeldRead>(
          request.inputs.length,
          2 * pool.workers,
          (id, claim) => pool.start({ id, path: request.inputs[id] as string, input: (targets[id] as InputTarget).index, settings, lean: lean(id), claim }),
          {
            can: (id) => (sizes[id] ?? 0) <= AHEAD_MAX_BYTES,
            start: (id) => pool.readHere(request.inputs[id] as string, (targets[id] as InputTarget).index, lean(id)),
          },
          INPUTS_AHEAD * (pool.workers + 1),
          (id) => request.inputs[id] === "-",
        );
  for (const [id, path] of request.inputs.entries()) {
    const target = targets[id] as InputTarget;
    files.push(target.report);
    try {
      const elsewhere = pool !== null ? (schedule?.at(id) ?? null) : null;
      let result: ReadResult;
      if (pool === null || elsewhere === null) result = await readInput(path, target.index, target.sink, settings, taxonomy, watchFor(progress, path), runner);
      else {
        const { here, outcome } = await elsewhere;
        // A worker's input is replayed as it comes (not awaited whole: the worker may wait for the replay).
        result = here ? ((await outcome) as HeldRead).replay(target.sink) : await pool.replayJob(id, target.sink);
      }
      record(target, result);
      if (result.groupColumnFound === true) columnFound = true;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    } finally {
      progress.done();
    }
  }
  await parallel?.pool.close();
  if (errors.length === 0 && groupBy?.kind === "column" && !columnFound) {
    const what = request.inputs.length === 1 ? request.inputs[0] ?? "" : `any of the ${request.inputs.length} inputs`;
    errors.push(new InputError(what, `--group-by: no column "${groupBy.column}" in ${request.inputs.length === 1 ? "this input" : "them"} (column grouping reads scan-log CSV columns)`));
  }
  if (errors.length > 0) return { ok: false, errors, inputs: request.inputs };
  const riskMethod = request.riskMethod ?? "average";
  if (single !== null) {
    const triage = single.finish();
    return { ok: true, triage, parts: [triage], groups: null, summary: summarize(triage, riskMethod, request.judge), riskMethod };
  }
  const groups = [...builders]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([key, { builder, inputs }]): GroupTriage => {
      const triage = builder.finish();
      return { key, inputs: request.inputs.filter((p) => inputs.has(p)), triage, summary: summarize(triage, riskMethod, request.judge) };
    });
  const parts = groups.map((g) => g.triage);
  const fleet = summarizeParts(parts, files, riskMethod);
  // Gates judge each group (a customer), never the fleet total: a failure names its group.
  const gates = groups.flatMap((g) => g.summary.gates.map((gate) => ({ ...gate, group: g.key })));
  const summary: Summary = { ...fleet, gates, groups: groups.map(groupSummary) };
  return { ok: true, triage: parts[0] ?? newBuilder().finish(), parts, groups, summary, riskMethod };
}

/** A group in the summary: its own totals, risk and authentication failures. */
function groupSummary(g: GroupTriage): GroupSummary {
  const s = g.summary;
  return { key: g.key, inputs: g.inputs, totals: s.totals, actions: s.actions, risk: s.risk, authFailures: { count: s.authFailures.count }, gated: s.gated, gates: s.gates };
}
