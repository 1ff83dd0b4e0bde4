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
/**
 * Parts of about this size: small enough that the last ones leave no thread idle for long and
 * that a worker's first part is ready soon after the main thread starts.
 */
const PART_BYTES = 16 * 1024 * 1024;

/** A part to parse elsewhere: its bytes [start, end) and what its format needs besides. */
export type FragmentSpec = (HostListPart | ScanLogPart) & { readonly claim?: PartClaim };

/**
 * Who parses a part, decided once in memory both threads share: a part handed to a worker ahead of
 * time is parsed there only if the worker claims it before the reader of the whole file does.
 */
export interface PartClaim {
  /** A cell per part of the file, over a SharedArrayBuffer: UNCLAIMED, or who took it. */
  readonly cells: Int32Array;
  readonly part: number;
}

const UNCLAIMED = 0;
export const CLAIMED_HERE = 1;
export const CLAIMED_ELSEWHERE = 2;

/** Someone has claimed the part. */
export function isClaimed(claim: PartClaim): boolean {
  return Atomics.load(claim.cells, claim.part) !== UNCLAIMED;
}

/** Claims the part for `by`; false when it was claimed already. */
export function claimPart(claim: PartClaim, by: typeof CLAIMED_HERE | typeof CLAIMED_ELSEWHERE): boolean {
  return Atomics.compareExchange(claim.cells, claim.part, UNCLAIMED, by) === UNCLAIMED;
}

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
  /** Cut parts of about this many bytes rather than PART_BYTES (tests cut small files finely). */
  readonly partBytes?: number;
  /** `lean`: the sink the part is replayed into takes lean scan-log rows (ObservationSink.leanHost). */
  runFragment(spec: FragmentSpec, input: number, lean?: boolean): Promise<FragmentOutcome>;
  /**
   * Parses a part on this thread as a worker would, its observations held for the replay: what
   * the reader of the whole file does ahead of its position rather than wait for a worker.
   */
  runHere(spec: FragmentSpec, input: number, lean?: boolean): Promise<FragmentOutcome>;
}

/**
 * How many parts to cut a file into: a whole number of rounds (a part for each thread, the main
 * thread's first), so that no thread parses alone at the end.
 */
export function partCount(size: number, threads: number, runner: FragmentRunner): number {
  return threads * Math.max(2, Math.ceil(size / (runner.partBytes ?? PART_BYTES) / threads));
}
