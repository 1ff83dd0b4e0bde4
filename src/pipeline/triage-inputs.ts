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
import type { ObservationSink, ReadResult } from "../formats/reader.js";
import { inputGroupKey, routeByColumn, type GroupBy } from "./groups.js";
import { TriageBuilder } from "../aggregate/triage-builder.js";
import type { Triage } from "../aggregate/triage.js";
import { detectInput, SNIFF_BYTES } from "../detect/detect-format.js";
import { InputError } from "../errors.js";
import { readerFor, type ForcedFormat } from "../formats/input-formats.js";
import { openInput } from "../read/open-input.js";
import { Taxonomy, type StatusMap } from "../taxonomy/taxonomy.js";

/** Watches the bytes of each input go by (the CLI draws a progress line on a terminal). */
export interface ProgressReporter {
  track(path: string, size: number | null, chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer>;
  done(): void;
}

export const NO_PROGRESS: ProgressReporter = {
  track: (_path, _size, chunks) => chunks,
  done: () => undefined,
};

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

async function readOne(path: string, target: InputTarget, request: TriageRequest, taxonomy: Taxonomy, progress: ProgressReporter): Promise<ReadResult> {
  const opened = await openInput(path);
  const head = await opened.chunks.peek(SNIFF_BYTES);
  const detected = detectInput(head, opened.chunks.exhausted);
  if ("problem" in detected) {
    throw new InputError(path, detected.problem === "empty" ? "empty file" : "binary data: not a scan log or Qualys export (CSV, XML or JSON text)");
  }
  const read = readerFor(detected, request.forced ?? null);
  const chunks = progress.track(path, opened.size, opened.chunks);
  const groupColumn = request.groupBy?.kind === "column" ? request.groupBy.column : undefined;
  const result = await read(chunks, {
    path,
    input: target.index,
    taxonomy,
    sink: target.sink,
    keepDetails: request.keepDetails ?? true,
    keepFindings: request.keepFindings ?? false,
    ...(groupColumn === undefined ? {} : { groupColumn }),
  });
  const { report } = target;
  report.format = result.format;
  report.records = result.records;
  if (result.classified !== undefined) report.classified = result.classified;
  for (const part of target.groupReports?.() ?? []) {
    part.format = result.format;
    part.records = part.classified;
  }
  return result;
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
  for (const path of request.inputs) {
    try {
      let target: InputTarget;
      if (single !== null) target = single.sinkFor(path);
      else if (groupBy !== null && groupBy.kind !== "column") target = builderFor(inputGroupKey(groupBy, path) as string, path).sinkFor(path);
      else {
        const report = newInputReport(path);
        const routed = routeByColumn(path, report, (key) => builderFor(key, path));
        target = { index: files.length, sink: routed.sink, report, groupReports: routed.groupReports };
      }
      files.push(target.report);
      const result = await readOne(path, target, request, taxonomy, progress);
      if (result.groupColumnFound === true) columnFound = true;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    } finally {
      progress.done();
    }
  }
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
