/** Wording of the finding-export readers (report CSVs, scan results as JSON or CSV). */
import { plural } from "../lib/format-number.js";
import type { MessageArgs } from "./message.js";

const rows = (n: string | number | undefined): string => plural(Number(n), "row");
const have = (n: string | number | undefined): string => (Number(n) === 1 ? "has" : "have");
const where = (a: MessageArgs): string => `${a.example ? `e.g. "${String(a.example)}", ` : "empty, "}first at line ${String(a.firstLine ?? "")}`;

export const FINDING_MESSAGES = {
  "finding.unknownKind": (a: MessageArgs) =>
    `${rows(a.count)} ${have(a.count)} no finding type the tool knows (Vuln, Practice, Ig, Confirmed, Potential, Info; ${where(a)}): their hosts count as scanned, the findings do not count for risk`,
  "finding.badQid": (a: MessageArgs) => `${rows(a.count)} ${have(a.count)} no valid QID (${where(a)}); their hosts count as scanned, the findings are not counted`,
  "finding.badSeverity": (a: MessageArgs) => `${rows(a.count)} ${have(a.count)} no severity from 1 to 5 (${where(a)}); counted as severity 1`,
  "finding.otherVulnStatus": (a: MessageArgs) =>
    `${rows(a.count)} ${have(a.count)} a vulnerability status other than New, Active, Re-Opened or Fixed (${where(a)}); counted as present`,
  "finding.noFindings": () => "a header but no findings: no host is listed (a report with nothing to show?)",
  "finding.unknownAppendix": (a: MessageArgs) =>
    `line ${String(a.line ?? "")}: appendix "${String(a.label ?? "")}" is not one this tool knows; its hosts are not classified by it (tell us its meaning)`,
  "finding.scanNoHeader": () => "no scan header (status, launch date, target IPs): targets that were not scanned cannot be listed",
  "finding.skip.unknownElement": (a: MessageArgs) => `not a finding, scan header or appendix entry (${String(a.what ?? "")})`,
  "finding.skip.noAddress": () => "no IP address",
  "finding.skip.badAddress": (a: MessageArgs) => `"${String(a.text ?? "")}" is not an IP address`,
} as const;
