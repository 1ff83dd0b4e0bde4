/**
 * Reporters: one file per output format, each a pure function from the result to text chunks
 * (generators, so `hosts` over a /8 streams instead of building a string). Collected in
 * render/registry.ts, which also feeds the `--format` choices.
 */
import type { HostRow, RowBlock } from "../aggregate/host-row.js";
import type { Summary } from "../aggregate/summarize.js";
import type { Triage } from "../aggregate/triage.js";
import type { RiskMethod } from "../aggregate/risk.js";

export type CommandName = "summarize" | "hosts" | "auth" | "risk";

export interface RenderContext {
  readonly command: CommandName;
  readonly summary: Summary;
  readonly triage: Triage;
  /** The triages whose hosts are distinct: [triage], or one per group of --group-by. */
  readonly parts: readonly Triage[];
  readonly riskMethod: RiskMethod;
  /** Rows of `hosts`, `auth` or `risk` (already filtered for the command), produced lazily. */
  readonly rows: () => Iterable<HostRow>;
  /** The same rows for people: each stretch of an inferred range as one block (table, markdown). */
  readonly blocks: () => Iterable<RowBlock>;
  /** Rows were filtered (--category, --responsible, --status): counts of the summary are not theirs. */
  readonly filtered: boolean;
  /** Colour output (decided once by the CLI from NO_COLOR / FORCE_COLOR / TTY). */
  readonly color: boolean;
  /** Terminal width when known (table layout), else null. */
  readonly width: number | null;
}

export interface Renderer {
  readonly name: string;
  readonly description: string;
  /** Which commands this format supports (ndjson is for row commands only). */
  readonly commands: readonly CommandName[];
  render(ctx: RenderContext): Iterable<string>;
}
