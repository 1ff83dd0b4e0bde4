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

/**
 * A table column. The layout hints are for terminal tables (see fit-columns.ts); Markdown reads
 * only the title and the alignment.
 */
export interface Column {
  readonly title: string;
  readonly align?: "left" | "right";
  /** Wrap longer text at this width when the terminal width is unknown. */
  readonly maxWidth?: number;
  /**
   * Free text that may wrap this narrow, splitting words if it must (hostnames, paths, messages).
   * Without it the column never splits a word (numbers, IPs, status names).
   */
  readonly minWidth?: number;
  /**
   * Left out when the terminal is too narrow for every column: the lowest goes first. Columns
   * without one are always shown.
   */
  readonly dropOrder?: number;
  /** What a cell shows for "no value" ("-" for no risk): a column holding only this is left out like an empty one. */
  readonly placeholder?: string;
}

export type Row = readonly Cell[];

/** The columns, with those in `firstLeftOut` given a dropOrder by their place in that list. */
export function dropInOrder(columns: readonly Column[], firstLeftOut: readonly Column[]): Column[] {
  return columns.map((c) => {
    const i = firstLeftOut.indexOf(c);
    return i < 0 ? c : { ...c, dropOrder: i + 1 };
  });
}

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
