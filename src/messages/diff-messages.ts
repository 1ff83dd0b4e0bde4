/** Wording of the `diff` and `trend` diagnostics. */
import type { MessageArgs } from "./message.js";

export const DIFF_MESSAGES = {
  "diff.undatedRun": (a: MessageArgs) => `no date in ${String(a.runs)}: the runs are compared in the order given`,
  "diff.reordered": (a: MessageArgs) => `the runs were not given in date order; compared as ${String(a.order)}`,
  "diff.noCommonIps": (a: MessageArgs) => `${String(a.before)} and ${String(a.after)} have no IP in common: unrelated scopes? Every IP is new or gone`,
  "diff.nothingChanged": () => "nothing changed: every IP has the same status in both runs",
  "diff.statedStatusDiffers": (a: MessageArgs) =>
    `${String(a.run)}: ${String(a.count)} finding status(es) stated by the file contradict the comparison with the run before (e.g. ${String(a.example)})`,
} as const;
