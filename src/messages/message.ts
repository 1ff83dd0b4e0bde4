/**
 * Readers and the aggregate report problems as codes with arguments; the wording lives in the
 * catalogs (one per area) and `formatMessage` owns it, so tests can assert codes instead of prose.
 */
import { CSV_MESSAGES } from "./csv-messages.js";
import { QUALYS_MESSAGES } from "./qualys-messages.js";
import { TRIAGE_MESSAGES } from "./triage-messages.js";

export type MessageArgs = Readonly<Record<string, string | number>>;
type Catalog = Readonly<Record<string, (args: MessageArgs) => string>>;

const CATALOG = { ...CSV_MESSAGES, ...QUALYS_MESSAGES, ...TRIAGE_MESSAGES } satisfies Catalog;

export type MessageCode = keyof typeof CATALOG;

export interface Message {
  readonly code: MessageCode;
  readonly args: MessageArgs;
}

export function message(code: MessageCode, args: MessageArgs = {}): Message {
  return { code, args };
}

export function formatMessage(m: Message): string {
  const format: (args: MessageArgs) => string = CATALOG[m.code];
  return format(m.args);
}
