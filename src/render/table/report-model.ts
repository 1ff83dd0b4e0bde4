/**
 * What the human-facing reports say, independent of how it is laid out. The summary and row
 * reports are built once as blocks of plain text; the terminal table and the Markdown layouts
 * then draw the same blocks, so the two formats never drift apart. Text here is raw: each layout
 * sanitises every string it prints, so nothing from the data reaches the output unescaped.
 */

/** How a cell or line is emphasised on a colour terminal (Markdown ignores it). */
export type Tone = "plain" | "good" | "bad" | "warn" | "muted" | "strong";

export interface Cell {
  readonly text: string;
  readonly tone?: Tone;
}

export interface Column {
  readonly title: string;
  readonly align?: "left" | "right";
  /** Wrap longer text at this width in terminal tables (Markdown never wraps). */
  readonly maxWidth?: number;
  /** Give this column whatever the terminal width leaves over (when the width is known). */
  readonly flex?: boolean;
}

export type Row = readonly Cell[];

export interface Grid {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

export type Block =
  | { readonly kind: "title"; readonly text: string }
  | { readonly kind: "heading"; readonly text: string }
  | { readonly kind: "line"; readonly text: string; readonly tone?: Tone }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "grid"; readonly grid: Grid };

/** A `hosts` / `auth` / `risk` report: a table that may hold millions of rows, produced lazily. */
export interface RowReport {
  readonly columns: readonly Column[];
  /** Called once per pass; each call yields the rows afresh. */
  readonly rows: () => Iterable<Row>;
  /** Printed instead of the table when there are no rows. */
  readonly empty: string;
  /** What follows the table, given how many table rows there were. */
  readonly after: (rowCount: number) => readonly Block[];
}

export function cell(text: string, tone?: Tone): Cell {
  return tone === undefined ? { text } : { text, tone };
}
