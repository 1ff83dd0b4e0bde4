/** Wording of the scantriage-hosts reader (map/reduce parts: the tool's own `hosts --format ndjson`). */
import type { MessageArgs } from "./message.js";

export const PARTS_MESSAGES = {
  "parts.empty": () => "an empty part: its map step found no host in its input (or the map step did not run)",
  "parts.mixedRuns": () =>
    "rows of more than one map run in one file (parts concatenated?): pass each part as its own input; the first run's findings status counts, and ties between overlapping ranges may be decided otherwise",
  "parts.skip.emptyLine": () => "an empty line",
  "parts.skip.notJson": (a: MessageArgs) => `not JSON (${String(a.why ?? "")})`,
  "parts.skip.notARow": (a: MessageArgs) => `JSON, but not a hosts row (${String(a.what ?? "")})`,
  "parts.skip.badValue": (a: MessageArgs) => `"${String(a.field ?? "")}" is ${String(a.why ?? "")}`,
} as const;
