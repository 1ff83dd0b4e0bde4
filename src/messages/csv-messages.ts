/** Wording of the scan-log CSV reader's warnings and skip reasons. */
import type { MessageArgs } from "./message.js";

const s = (v: string | number | undefined): string => String(v ?? "");
const rows = (n: string | number | undefined): string => (n === 1 ? "1 row" : `${s(n)} rows`);
const lines = (n: string | number | undefined): string => (n === 1 ? "1 line" : `${s(n)} lines`);

export const CSV_MESSAGES = {
  // Warnings about the file as a whole (each reported once, with a count where it applies).
  "csv.encodingWindows1252": () => "not valid UTF-8; read as Windows-1252",
  "csv.encodingInvalidUtf8": (a: MessageArgs) =>
    `invalid UTF-8 at byte ${s(a.offset)}; undecodable bytes replaced with U+FFFD`,
  "csv.titleLines": (a: MessageArgs) => `${lines(a.count)} above the header (line ${s(a.headerLine)}) skipped`,
  "csv.emptyLines": (a: MessageArgs) => `${lines(a.count)} empty or blank, ignored (first at line ${s(a.firstLine)})`,
  "csv.raggedRows": (a: MessageArgs) =>
    `${rows(a.count)} with a column count different from the header's ${s(a.expected)} (first at line ${s(a.firstLine)}); read anyway`,
  "csv.unparsedTimes": (a: MessageArgs) =>
    `${rows(a.count)} with a time that could not be read, e.g. "${s(a.example)}" (first at line ${s(a.firstLine)})`,
  "csv.ambiguousDates": (a: MessageArgs) =>
    `${rows(a.count)} with an ambiguous day/month date, e.g. "${s(a.example)}", left without a time (first at line ${s(a.firstLine)})`,
  "csv.taxonomyMismatch": (a: MessageArgs) =>
    `${rows(a.count)} where the file's own category/responsible/action disagree with the status table; ` +
    `first at line ${s(a.firstLine)}: ${s(a.column)} "${s(a.value)}" for status "${s(a.status)}", expected "${s(a.expected)}"`,
  // Reasons a row is not counted.
  "csv.skip.emptyTarget": (a: MessageArgs) => `no target in column "${s(a.column)}"`,
  "csv.skip.badTarget": (a: MessageArgs) => `target "${s(a.text)}" is neither an IP address nor a hostname`,
  "csv.skip.repeatedHeader": () => "the header row again (concatenated exports?)",
  "csv.skip.footer": (a: MessageArgs) => `summary line "${s(a.text)}"`,
  "csv.skip.missingColumns": (a: MessageArgs) =>
    `only ${s(a.cells)} of ${s(a.expected)} columns; no ${s(a.missing)} column`,
} as const;
