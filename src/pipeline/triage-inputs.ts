/**
 * The core of every command: inputs and options in, the triage and its summary out. Every input is
 * tried, so that all problems are reported at once; any problem means no result. The CLI parses
 * arguments, calls this, renders and sets the exit code; tests and later commands call it directly.
 */
import { AcceptList, todayIso, type AcceptEntry } from "../accept/accept-list.js";
import type { RiskMethod } from "../aggregate/risk.js";
import { summarize, type JudgeOptions, type Summary } from "../aggregate/summarize.js";
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
}

export type TriageOutcome =
  | { readonly ok: true; readonly triage: Triage; readonly summary: Summary; readonly riskMethod: RiskMethod }
  | { readonly ok: false; readonly errors: readonly InputError[]; readonly inputs: readonly string[] };

async function readOne(builder: TriageBuilder, path: string, request: TriageRequest, taxonomy: Taxonomy, progress: ProgressReporter) {
  const opened = await openInput(path);
  const head = await opened.chunks.peek(SNIFF_BYTES);
  const detected = detectInput(head, opened.chunks.exhausted);
  if ("problem" in detected) {
    throw new InputError(path, detected.problem === "empty" ? "empty file" : "binary data: not a scan log or Qualys export (CSV, XML or JSON text)");
  }
  const read = readerFor(detected, request.forced ?? null);
  const { index, sink, report } = builder.sinkFor(path);
  const chunks = progress.track(path, opened.size, opened.chunks);
  const result = await read(chunks, { path, input: index, taxonomy, sink, keepDetails: request.keepDetails ?? true, keepFindings: request.keepFindings ?? false });
  report.format = result.format;
  report.records = result.records;
  if (result.classified !== undefined) report.classified = result.classified;
}

export async function triageInputs(request: TriageRequest): Promise<TriageOutcome> {
  const taxonomy = new Taxonomy(request.statusMap);
  const accept = request.accept && request.accept.length > 0 ? new AcceptList(request.accept, request.today ?? todayIso()) : null;
  const builder = new TriageBuilder(taxonomy, request.keepDetails ?? true, accept, request.keepFindings ?? false);
  const progress = request.progress ?? NO_PROGRESS;
  const errors: InputError[] = [];
  for (const path of request.inputs) {
    try {
      await readOne(builder, path, request, taxonomy, progress);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    } finally {
      progress.done();
    }
  }
  if (errors.length > 0) return { ok: false, errors, inputs: request.inputs };
  const triage = builder.finish();
  const riskMethod = request.riskMethod ?? "average";
  return { ok: true, triage, summary: summarize(triage, riskMethod, request.judge), riskMethod };
}
