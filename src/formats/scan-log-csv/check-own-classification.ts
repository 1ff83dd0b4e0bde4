/**
 * Some exports carry their own category / "action required by" / action columns. Compare them with
 * the status table, so a file that disagrees with it is noticed (the table still decides).
 */
import { statusKey } from "../../taxonomy/aliases.js";
import { message, type Message } from "../../messages/message.js";
import type { Taxonomy } from "../../taxonomy/taxonomy.js";
import { valueOrNull } from "../../parse/csv/cells.js";
import type { HeaderLayout } from "./find-header.js";

const CHECKED = ["category", "responsible", "action"] as const;

/** "Not Scanned", "not_scanned" and "NotScanned" are the same claim: compare on the status key. */
const comparable = statusKey;

export class OwnClassificationCheck {
  private count = 0;
  private first: Message | null = null;
  /** Whether the file has any column to check. */
  readonly active: boolean;

  constructor(
    private readonly layout: HeaderLayout,
    private readonly taxonomy: Taxonomy,
  ) {
    this.active = CHECKED.some((f) => layout.fields[f] !== undefined);
  }

  check(cells: readonly string[], rawStatus: string, line: number): void {
    const verdict = this.taxonomy.classify(rawStatus);
    // The table has no opinion on a status it does not know; that is reported elsewhere.
    if (!verdict.recognized) return;
    for (const field of CHECKED) {
      const at = this.layout.fields[field];
      const value = at === undefined ? null : valueOrNull(cells[at]);
      if (value === null || comparable(value) === comparable(verdict[field])) continue;
      this.count++;
      this.first ??= message("csv.taxonomyMismatch", {
        count: 0,
        firstLine: line,
        column: field,
        value,
        status: verdict.status,
        expected: verdict[field],
      });
      return;
    }
  }

  /** The count and the first mismatch (a part of a split file hands them on). */
  state(): { readonly count: number; readonly first: Message | null } {
    return { count: this.count, first: this.first };
  }

  /** A part's mismatches, its lines counted from `lineOffset` + 1. */
  absorb(part: { readonly count: number; readonly first: Message | null }, lineOffset: number): void {
    this.count += part.count;
    if (this.first === null && part.first !== null) this.first = { ...part.first, args: { ...part.first.args, firstLine: Number(part.first.args.firstLine) + lineOffset } };
  }

  warnings(): Message[] {
    return this.first ? [{ ...this.first, args: { ...this.first.args, count: this.count } }] : [];
  }
}
