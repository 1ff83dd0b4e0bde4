/**
 * One large regular file read on several cores: the formats that can cut theirs into parts
 * (InputFormatDefinition.split) share these shapes. A cut is a guess; a part parsed elsewhere is
 * used only when the reader of the whole file can prove it reads as a single pass would, else that
 * reader reads the part's bytes itself. The answer never depends on the cuts, only the speed does.
 */
import type { ObservationSink } from "./reader.js";
import type { HostListPart } from "./qualys-xml/split-host-list.js";
import type { ScanLogPart } from "./scan-log-csv/split-scan-log.js";

/** Below this a file is read in one pass: the parts would not repay starting them. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;
/** Parts of about this size: small enough that replaying one overlaps parsing the next. */
export const PART_BYTES = 64 * 1024 * 1024;

/** A part to parse elsewhere: its bytes [start, end) and what its format needs besides. */
export type FragmentSpec = HostListPart | ScanLogPart;

/** A part parsed to its end: what the reader of the whole file needs of it besides its observations. */
export interface PartParse {
  readonly state: unknown;
  /** Line ends in the part's bytes. */
  readonly newlines: number;
}

export type FragmentOutcome =
  | { readonly valid: false }
  | (PartParse & {
      readonly valid: true;
      /** Its observations into the sink, their line numbers moved by `lineOffset`. */
      replay(sink: ObservationSink, lineOffset: number): void;
    });

/** Parses parts elsewhere (worker threads), several at once, each outcome when it is complete. */
export interface FragmentRunner {
  readonly workers: number;
  /** `lean`: the sink the part is replayed into takes lean scan-log rows (ObservationSink.leanHost). */
  runFragment(spec: FragmentSpec, input: number, lean?: boolean): Promise<FragmentOutcome>;
}

/**
 * How many parts to cut a file into: a whole number of rounds (a part for each thread, the main
 * thread's first), so that no thread parses alone at the end.
 */
export function partCount(size: number, threads: number, partBytes = PART_BYTES): number {
  return threads * Math.max(2, Math.ceil(size / partBytes / threads));
}
