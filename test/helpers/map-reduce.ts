/** What the map/reduce tests compare: the summary's parts that the reduce step must equal (docs/fleets.md). */
import type { Summary } from "../../src/aggregate/summarize.js";

/** `inputs`, `warnings` and `diagnostics` describe the parts, not the original inputs. */
export const EQUAL_KEYS = ["totals", "actions", "risk", "authFailures", "breakdowns", "unrecognizedStatuses", "gated"] as const;

export function comparable(s: Summary): Record<string, unknown> {
  return Object.fromEntries(EQUAL_KEYS.map((k) => [k, s[k]]));
}
