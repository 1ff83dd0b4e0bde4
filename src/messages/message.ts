/**
 * Readers and the aggregate report problems as codes with arguments; the wording lives in the
 * catalogs (one per area) and `formatMessage` owns it, so tests can assert codes instead of prose.
 */
import { CSV_MESSAGES } from "./csv-messages.js";
import { DIFF_MESSAGES } from "./diff-messages.js";
import { FINDING_MESSAGES } from "./finding-messages.js";
import { PARTS_MESSAGES } from "./parts-messages.js";
import { QUALYS_MESSAGES } from "./qualys-messages.js";
import { TRIAGE_MESSAGES } from "./triage-messages.js";

export type MessageArgs = Readonly<Record<string, string | number>>;
type Catalog = Readonly<Record<string, (args: MessageArgs) => string>>;

const CATALOG = { ...CSV_MESSAGES, ...DIFF_MESSAGES, ...FINDING_MESSAGES, ...PARTS_MESSAGES, ...QUALYS_MESSAGES, ...TRIAGE_MESSAGES } satisfies Catalog;

export type MessageCode = keyof typeof CATALOG;

export interface Message {
  readonly code: MessageCode;
  readonly args: MessageArgs;
}

/**
 * Warnings point at a problem someone should look at: they reach stderr and fail `--strict`.
 * Notes describe an input's ordinary shape (title lines, rescans collapsed, no findings in a scan
 * log): reported, but never on stderr and never failing a run.
 */
export type Severity = "warning" | "note";

const NOTES: ReadonlySet<MessageCode> = new Set<MessageCode>([
  "csv.titleLines",
  "csv.emptyLines",
  "triage.duplicatesCollapsed",
  "triage.noRiskData",
  "triage.statedRiskOtherMethod",
  "qualys.noOsQid",
  "qualys.noServiceQids",
  "accept.unused",
  "diff.nothingChanged",
]);

export function severityOf(code: MessageCode): Severity {
  return NOTES.has(code) ? "note" : "warning";
}

export function message(code: MessageCode, args: MessageArgs = {}): Message {
  return { code, args };
}

export function formatMessage(m: Message): string {
  const format: (args: MessageArgs) => string = CATALOG[m.code];
  return format(m.args);
}
