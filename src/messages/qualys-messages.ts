/** Wording of the Qualys XML readers' warnings. */
import type { MessageArgs } from "./message.js";

export const QUALYS_MESSAGES = {
  "qualys.placeholder": (a: MessageArgs) => `placeholder ${String(a.text)}`,
} as const;
