/**
 * One input, read: opened (gunzipped when it is gzip), its format detected from the first bytes,
 * and its reader run against a sink. The same on the main thread and on a worker thread.
 */
import { detectInput, SNIFF_BYTES } from "../detect/detect-format.js";
import { InputError } from "../errors.js";
import { copiesChunks, readerFor, readerForEmpty, splitReaderFor, type ForcedFormat } from "../formats/input-formats.js";
import { fileRange } from "../read/file-range.js";
import { SPLIT_MIN_BYTES, type FragmentRunner } from "../formats/split-parts.js";
import { UNWATCHED, type ObservationSink, type ReadResult, type ReadWatch } from "../formats/reader.js";
import { openInput } from "../read/open-input.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";

/** What a reader needs to know beyond the bytes (plain data: it goes to worker threads as it is). */
export interface ReadSettings {
  readonly forced: ForcedFormat | null;
  readonly keepDetails: boolean;
  readonly keepFindings: boolean;
  readonly groupColumn: string | null;
  /** A file this large is split when a runner is given (SPLIT_MIN_BYTES; tests split small ones). */
  readonly splitMinBytes?: number;
}

export async function readInput(
  path: string,
  input: number,
  sink: ObservationSink,
  settings: ReadSettings,
  taxonomy: Taxonomy,
  watch: ReadWatch = UNWATCHED,
  /** Parses parts of one large file on other threads (--jobs); absent: one pass here. */
  runner: FragmentRunner | null = null,
): Promise<ReadResult> {
  const opened = await openInput(path);
  const head = await opened.chunks.peek(SNIFF_BYTES);
  const detected = detectInput(head, opened.chunks.exhausted);
  if ("problem" in detected) {
    const emptyPart = detected.problem === "empty" ? readerForEmpty(path, settings.forced) : null;
    if (emptyPart !== null) return emptyPart(opened.chunks, { path, input, taxonomy, sink });
    throw new InputError(path, detected.problem === "empty" ? "empty file" : "binary data: not a scan log or Qualys export (CSV, XML or JSON text)");
  }
  const ctx = {
    path,
    input,
    taxonomy,
    sink,
    keepDetails: settings.keepDetails,
    keepFindings: settings.keepFindings,
    ...(settings.groupColumn === null ? {} : { groupColumn: settings.groupColumn }),
  };
  const size = opened.regular ? opened.size : null;
  // Standard input and gzip cannot be read from several places.
  const split = runner !== null && size !== null && size >= (settings.splitMinBytes ?? SPLIT_MIN_BYTES) ? splitReaderFor(detected, settings.forced) : null;
  if (split !== null && size !== null) {
    await opened.chunks.close();
    return split(path, size, ctx, runner as FragmentRunner, watch);
  }
  const read = readerFor(detected, settings.forced);
  if (size !== null && copiesChunks(detected, settings.forced)) {
    await opened.chunks.close();
    return read(watch.chunks(size, fileRange(path, 0, size, true)), ctx);
  }
  return read(watch.chunks(opened.size, opened.chunks), ctx);
}
