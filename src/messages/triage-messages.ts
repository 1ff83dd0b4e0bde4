/** Wording of the warnings the aggregate adds when it merges inputs. */
import { plural } from "../lib/format-number.js";
import type { MessageArgs } from "./message.js";

export const TRIAGE_MESSAGES = {
  "triage.duplicatesCollapsed": (a: MessageArgs) => {
    const how = [
      a.newest ? `${a.newest} by newest time` : "",
      a.timedOverUntimed ? `${a.timedOverUntimed} by preferring the row with a time` : "",
      a.firstWithoutTime ? `${a.firstWithoutTime} without times, keeping the first row read (exports list the newest first)` : "",
      a.firstOnEqualTime ? `${a.firstOnEqualTime} on equal times, keeping the first row read` : "",
      a.directOverInferred ? `${a.directOverInferred} by preferring a scanned host over a target list` : "",
    ].filter(Boolean);
    return `${plural(Number(a.rows), "duplicate observation")} collapsed into ${plural(Number(a.ips), "IP")}; winner chosen ${how.join("; ")}`;
  },
  "triage.scannedInsideNoResults": (a: MessageArgs) =>
    `${plural(Number(a.count), "host")} ${Number(a.count) === 1 ? "has" : "have"} results but also ${Number(a.count) === 1 ? "lies" : "lie"} in a "no results" appendix range; counted as scanned (${a.ips}${Number(a.count) > 5 ? ", ..." : ""})`,
  "triage.noRiskData": () =>
    "no security risk: the inputs carry no vulnerability findings (scan logs and scan summaries record scan status only)",
  "triage.rangeTooLarge": (a: MessageArgs) =>
    `range ${a.from} - ${a.to} (${a.status}) has more than 2^32 addresses: not listed or counted address by address`,
  "triage.statedRiskOtherMethod": (a: MessageArgs) =>
    `${a.path}: the file's own risk figures follow the ${a.other} method; the figures here use --risk-method ${a.method}`,
  "triage.statedRiskDiffers": (a: MessageArgs) =>
    `${a.where}: the file states security risk ${Number(a.stated).toFixed(1)}, computed ${Number(a.computed).toFixed(1)}`,
  "triage.noBreakdownData": (a: MessageArgs) => `no ${a.what} breakdown: ${a.why}`,
  "triage.nothingToTriage": () => "nothing to triage: the inputs hold no IP address or target at all",
  "triage.inputHoldsNothing": () => "holds no host and no target (an empty response?)",
  "triage.unrecognizedStatuses": (a: MessageArgs) =>
    `${plural(Number(a.ips), "IP")} ${Number(a.ips) === 1 ? "has" : "have"} a status the status table does not know (${a.examples}); they count as Not Scanned / ServiceProvider: add them to a status map`,
  "triage.gateNotJudged": (a: MessageArgs) => `${a.flag} cannot be judged: ${a.why}`,
  "accept.expired": (a: MessageArgs) => `accept list entry "${a.target}" expired on ${a.until} and is not applied (${a.reason})`,
  "accept.unused": (a: MessageArgs) => `accept list entry "${a.target}" matches no IP of this run`,
} as const;
