/** Wording of the Qualys XML readers' warnings. */
import { plural } from "../lib/format-number.js";
import type { MessageArgs } from "./message.js";

export const QUALYS_MESSAGES = {
  "qualys.hostWithoutAddress": (a: MessageArgs) => `host element without a usable IP address or name (${a.value || "empty"}); not counted`,
  "qualys.scanNoHeader": () => "scan has no HEADER: targets that were not scanned cannot be listed",
  "qualys.scanNotFinished": (a: MessageArgs) =>
    `scan status is ${a.status}, not FINISHED: results are partial; targets without results are counted as Aborted`,
  "qualys.scanError": (a: MessageArgs) => `the scan reports ${a.number ? `error ${a.number}` : "an error"}: ${a.text || "(no text)"}`,
  "qualys.badTarget": (a: MessageArgs) => `target entry "${a.token}" is neither an address, a range, a CIDR block nor a hostname; ignored`,
  "qualys.aliveCountDiffers": (a: MessageArgs) => `header says ${plural(Number(a.stated), "host")} alive, the file has results for ${a.found}`,
  "qualys.targetCountDiffers": (a: MessageArgs) =>
    `header says ${plural(Number(a.stated), "target host")}, the TARGET list names ${a.found}${a.afterExclusions ? ` (${a.afterExclusions} after exclusions)` : ""}`,
  "qualys.hostOutsideTarget": (a: MessageArgs) => `${plural(Number(a.count), "scanned host")} ${Number(a.count) === 1 ? "is" : "are"} not in the TARGET list (${a.ips})`,
  "qualys.noOsQid": () =>
    "no host has QID 45017 (Operating System Detected): an OS breakdown is impossible; add it to the option profile",
  "qualys.noServiceQids": () =>
    "no host has QID 82023 or 82004 (Open TCP / UDP Services List): a services breakdown is impossible; add them to the option profile",
  "qualys.noOsResult": () =>
    "QID 45017 (Operating System Detected) is there, but no result names an operating system (the export leaves the results out?): an OS breakdown is impossible; export with the results",
  "qualys.noServiceResult": () =>
    "QID 82023 or 82004 (Open TCP / UDP Services List) is there, but no result lists a port (the export leaves the results out?): a services breakdown is impossible; export with the results",
  "qualys.qidNotInGlossary": (a: MessageArgs) => `${plural(Number(a.count), "QID")} not in the report's glossary, counted as severity 1: ${a.qids}`,
  "qualys.badRange": (a: MessageArgs) => `line ${a.line}: appendix range ${a.start} - ${a.end} is not a valid address range; ignored`,
  "qualys.apiWarning": (a: MessageArgs) => `the API answer carries warning ${a.code}: ${a.text}`,
  "qualys.badQid": (a: MessageArgs) => `${plural(Number(a.count), "finding")} ${Number(a.count) === 1 ? "has" : "have"} no valid QID (a whole number); not counted`,
  "qualys.severityMissing": (a: MessageArgs) => `${plural(Number(a.count), "confirmed detection")} ${Number(a.count) === 1 ? "has" : "have"} no SEVERITY; counted as severity 1`,
  "qualys.pageMissing": (a: MessageArgs) =>
    `${a.path} is one page of a detection list (next page starts at host ID ${a.next}), but that page was not given: results are incomplete`,
} as const;
