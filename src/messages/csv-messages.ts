/** Wording of the scan-log CSV reader's warnings and skip reasons. */
import type { MessageArgs } from "./message.js";

export const CSV_MESSAGES = {
  "csv.placeholder": (a: MessageArgs) => `placeholder ${String(a.text)}`,
} as const;
