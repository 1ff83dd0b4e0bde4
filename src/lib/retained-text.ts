/**
 * Strings kept for the whole run (one per IP) must not pin the input they were cut from: V8 keeps
 * a slice of a string as a view of its parent, so a 40-character message could hold a 1 MB chunk
 * alive, and a million of them the whole file. `detach` copies; `intern` shares repeated values.
 */

/** V8 makes views only of slices this long or longer. */
const MIN_VIEW_LENGTH = 13;

export function detach(text: string): string;
export function detach(text: string | null): string | null;
export function detach(text: string | null): string | null {
  if (text === null || text.length < MIN_VIEW_LENGTH) return text;
  // Concatenation then slicing flattens into a new string the size of the text alone.
  return `${text} `.slice(0, -1);
}

export class Interner {
  private readonly seen = new Map<string, string>();

  intern(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    if (this.seen.size >= 10_000) return detach(text);
    const kept = detach(text);
    this.seen.set(kept, kept);
    return kept;
  }
}
