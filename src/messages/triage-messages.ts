/** Wording of the warnings the aggregate adds when it merges inputs. */
import type { MessageArgs } from "./message.js";

export const TRIAGE_MESSAGES = {
  "triage.placeholder": (a: MessageArgs) => `placeholder ${String(a.text)}`,
} as const;
