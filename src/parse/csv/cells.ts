/** Cell clean-up shared by the header finder and the row reader. Cells are data, never evaluated. */

/**
 * Trim a cell. Quotes are the tokenizer's business (it also unquotes ` "a"`, with blanks before
 * the quote): any quote left in a cell is the cell's own text.
 */
export function cleanCell(raw: string | undefined): string {
  return raw === undefined ? "" : raw.trim();
}

/** Spellings of "no value" seen in exports. `Unknown` is not one: it is a real status. */
const PLACEHOLDERS = new Set(["", "-", "--", "n/a", "n.a.", "null", "(null)", "none", "(none)"]);

export function isPlaceholder(cell: string): boolean {
  return cell.length <= 6 && PLACEHOLDERS.has(cell.toLowerCase());
}

/** The cleaned cell, or null when it is empty or a placeholder. */
export function valueOrNull(raw: string | undefined): string | null {
  const cell = cleanCell(raw);
  return isPlaceholder(cell) ? null : cell;
}
