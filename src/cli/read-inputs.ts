/**
 * Reads every input into one TriageBuilder: open, detect, pick the reader, stream. Every input is
 * tried, so that all problems are reported at once; any problem means no result is printed.
 */
import { TriageBuilder } from "../aggregate/triage-builder.js";
import type { Triage } from "../aggregate/triage.js";
import { detectSyntax, SNIFF_BYTES } from "../detect/detect-format.js";
import { READERS } from "../parse/registry.js";
import { openInput } from "../read/open-input.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { InputError } from "../errors.js";
import type { ResolvedOptions } from "./options.js";
import type { ProgressReporter } from "./progress.js";

export interface ReadOutcome {
  readonly triage: Triage | null;
  readonly errors: readonly InputError[];
}

async function readOne(builder: TriageBuilder, path: string, options: ResolvedOptions, taxonomy: Taxonomy, progress: ProgressReporter) {
  const opened = await openInput(path);
  const head = await opened.chunks.peek(SNIFF_BYTES);
  const detected = detectSyntax(head);
  if ("problem" in detected) {
    throw new InputError(path, detected.problem === "empty" ? "empty file" : "binary data: not a scan-log CSV or Qualys XML file");
  }
  const syntax = options.forced?.syntax ?? detected.syntax;
  const { index, sink, report } = builder.sinkFor(path);
  const chunks = progress.track(path, opened.size, opened.chunks);
  const result = await READERS[syntax].read(chunks, { path, input: index, taxonomy, sink, keepDetails: options.command === "hosts" }, options.forced?.format ?? null);
  report.format = result.format;
  report.records = result.records;
}

export async function readInputs(options: ResolvedOptions, taxonomy: Taxonomy, progress: ProgressReporter): Promise<ReadOutcome> {
  const builder = new TriageBuilder(taxonomy, options.command === "hosts");
  const errors: InputError[] = [];
  for (const path of options.inputs) {
    try {
      await readOne(builder, path, options, taxonomy, progress);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    } finally {
      progress.done();
    }
  }
  if (errors.length > 0) return { triage: null, errors };
  return { triage: builder.finish(), errors };
}
