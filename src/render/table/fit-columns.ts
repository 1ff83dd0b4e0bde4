/**
 * Which columns a terminal table shows, and how wide. Columns empty in every row are left out.
 * Without a terminal width each column is as wide as its widest text, capped by its maxWidth.
 * With one, the table fits it, in steps that each go only as far as needed:
 * 1. Free text (a column with a minWidth) wraps, down to its minWidth.
 * 2. The other columns always shown wrap at their spaces, down to their longest word or their
 *    title: a number, an IP or a status name is never split, a title stays on one line.
 * 3. Titles wrap at their spaces too and free text narrows to FLOOR, splitting words.
 * When even that does not fit, the table is laid out as at the end of step 2, wider than the
 * terminal: cells squeezed to a few characters would not make it fit, only harder to read.
 * Within a step one cap is lowered over the columns, so the widest give way first.
 *
 * Columns with a dropOrder are shown only when there is room: they join from the highest
 * dropOrder down, each if the table still fits at step 2 with it (their own names never wrap).
 * A column with a value in only a few rows (a hostname-only target among a log's IPs) comes
 * after the fuller ones.
 */
import type { ColumnMeasure } from "./cell-layout.js";
import type { Block, Column } from "./report-model.js";
import { longestWord, textWidth } from "./wrap.js";

/** Narrowest free text gets in step 3. */
const FLOOR = 10;
/** A column with a value in fewer rows than this share is worth less than any fuller one. */
const SPARSE = 1 / 4;

export interface ColumnFit {
  /** Indexes of the columns shown, in order. */
  readonly shown: readonly number[];
  /** Width of each column shown. */
  readonly widths: readonly number[];
  /** Columns left out for the width (empty ones are not listed). */
  readonly dropped: readonly Column[];
}

/** Each column costs its width, 2 of padding and 1 of border; the table 1 more border. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

/** The widths of one column at each step: [natural, step 1, step 2, step 3]. */
function columnSteps(column: Column, m: ColumnMeasure): number[] {
  const natural = m.widest;
  if (column.minWidth !== undefined) {
    const narrow = Math.min(natural, column.minWidth);
    return [natural, narrow, narrow, Math.min(narrow, FLOOR)];
  }
  const names = column.dropOrder === undefined ? Math.max(m.longestWord, textWidth(column.title)) : natural;
  return [natural, natural, names, Math.min(names, Math.max(m.longestWord, longestWord(column.title)))];
}

const STEP_2 = 2;

export function fitColumns(columns: readonly Column[], measures: readonly ColumnMeasure[], terminalWidth: number | null): ColumnFit {
  const all = columns.map((_, i) => i);
  const filled = all.filter((i) => (measures[i]?.filled ?? 0) > 0);
  const candidates = filled.length > 0 ? filled : all;
  const column = (i: number) => columns[i] as Column;
  const measure = (i: number) => measures[i] as ColumnMeasure;
  if (terminalWidth === null) {
    const capped = (i: number) => Math.max(textWidth(column(i).title), Math.min(measure(i).widest, column(i).maxWidth ?? Infinity));
    return { shown: candidates, widths: candidates.map(capped), dropped: [] };
  }
  const steps = new Map(candidates.map((i) => [i, columnSteps(column(i), measure(i))]));
  const atStep2 = (i: number) => steps.get(i)?.[STEP_2] ?? 0;

  const chosen = new Set(candidates.filter((i) => column(i).dropOrder === undefined));
  let used = tableWidth([...chosen].map(atStep2));
  const value = (i: number) => (column(i).dropOrder ?? 0) + (measure(i).filled < measure(i).rows * SPARSE ? 0 : columns.length);
  for (const i of candidates.filter((c) => !chosen.has(c)).sort((a, b) => value(b) - value(a))) {
    if (used + atStep2(i) + 3 > terminalWidth) continue;
    chosen.add(i);
    used += atStep2(i) + 3;
  }
  const shown = candidates.filter((i) => chosen.has(i));
  const stages = [0, 1, 2, 3].map((step) => shown.map((i) => steps.get(i)?.[step] ?? 0));
  return { shown, widths: fitStages(stages, terminalWidth), dropped: candidates.filter((i) => !chosen.has(i)).map(column) };
}

/** Shrink from one stage of widths towards the first that fits, or lay out at step 2. */
function fitStages(stages: readonly (readonly number[])[], width: number): number[] {
  for (let s = 1; s < stages.length; s++) {
    if (tableWidth(stages[s] as number[]) <= width) return shrinkToFit(stages[s - 1] as number[], stages[s] as number[], width);
  }
  return [...(stages[STEP_2] as number[])];
}

/** Widths between `lower` and `upper` that fit `width`: one cap over all columns, as high as fits. */
export function shrinkToFit(upper: readonly number[], lower: readonly number[], width: number): number[] {
  const capped = (cap: number) => upper.map((n, i) => Math.max(lower[i] ?? 0, Math.min(n, cap)));
  if (tableWidth(upper) <= width) return [...upper];
  if (tableWidth(lower) >= width) return [...lower];
  let fits = 0;
  let tooWide = Math.max(...upper);
  while (tooWide - fits > 1) {
    const mid = Math.floor((fits + tooWide) / 2);
    if (tableWidth(capped(mid)) <= width) fits = mid;
    else tooWide = mid;
  }
  const widths = capped(fits);
  // The cap moves in whole steps over several columns: what is left goes one character each, from the left.
  let room = width - tableWidth(widths);
  for (let i = 0; i < widths.length && room > 0; i++) {
    if (widths[i] !== fits || (upper[i] as number) <= fits) continue;
    widths[i] = fits + 1;
    room--;
  }
  return widths;
}

/** The items of the columns shown. */
export function pick<T>(items: readonly T[], shown: readonly number[]): T[] {
  return shown.map((i) => items[i] as T);
}

/** The line under a table that names the columns left out. */
export function droppedBlocks(fit: ColumnFit, terminalWidth: number | null): Block[] {
  if (fit.dropped.length === 0 || terminalWidth === null) return [];
  return [{ kind: "line", text: `Columns left out to fit ${terminalWidth} characters: ${fit.dropped.map((c) => c.title).join(", ")}`, tone: "muted" }];
}
