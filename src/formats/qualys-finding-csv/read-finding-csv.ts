/**
 * The Qualys finding CSVs: one row per finding (VM report, VMDR Asset Vuln Datalist, PCI /
 * HackerGuardian). Lines before the header are the report's preamble; rows become findings of
 * their host (finding-hosts.ts). The scan results CSV reuses this table with its own header block
 * and appendix (read-scan-csv.ts).
 */
import { InputError } from "../../errors.js";
import { message, type Message } from "../../messages/message.js";
import { cleanCell, valueOrNull } from "../../parse/csv/cells.js";
import { openCsvTable } from "../../parse/csv/csv-table.js";
import type { CsvRow } from "../../parse/csv/parse-records.js";
import { HEADER_SEARCH_ROWS } from "../../parse/csv/sniff-delimiter.js";
import { TimeColumnReader } from "../../parse/csv/time-column.js";
import type { InputFormat } from "../input-formats.js";
import { FindingHosts, type FindingRow } from "../qualys-findings/finding-hosts.js";
import { isCoverageQid } from "../qualys-xml/coverage-warnings.js";
import type { ByteChunks, ReaderContext, ReadResult } from "../reader.js";
import { findingHeaderScore, matchFindingHeader, type FindingColumns, type FindingField, type FindingLayout } from "./finding-columns.js";

export interface FindingCsvSpec {
  readonly format: InputFormat;
  /** "VM report CSV": for messages. */
  readonly label: string;
  readonly columns: FindingColumns;
  /** Qualys writes dates month first (MM/DD/YYYY) in these exports; a PCI export follows the account's locale. */
  readonly monthFirst: boolean;
}

/** What a format adds around the findings table (the scan results CSV: header block, appendix). */
export interface TableExtras {
  /** A row before the findings header; `next` is the row after it (a label row and its values). */
  preamble?(cells: string[], line: number): void;
  /** A row after the header that is not a finding (no QID): true when the extra consumed it. */
  other?(cells: string[], line: number): boolean;
  /** The time of every finding, when the rows have none (the scan's launch date). */
  time?(): number | null;
}

function describeRequired(columns: FindingColumns): string {
  return columns.required.map((anyOf) => anyOf.flatMap((f) => columns.keys[f]?.slice(0, 1) ?? []).join(" or ")).join(", ");
}

/** `hosts`: where the findings go when the caller reports the hosts itself (after its appendix). */
export async function readFindingCsv(chunks: ByteChunks, ctx: ReaderContext, spec: FindingCsvSpec, extras: TableExtras = {}, hosts?: FindingHosts): Promise<ReadResult> {
  const notThis = `not a ${spec.label}: no header row naming the columns ${describeRequired(spec.columns)} in the first ${HEADER_SEARCH_ROWS} non-empty rows`;
  const table = await openCsvTable(chunks, ctx.path, (m) => ctx.sink.warn(m), findingHeaderScore(spec.columns));
  if (!("delimiter" in table)) throw new InputError(ctx.path, table.empty ? "the file is empty" : notThis);
  const rows = new FindingTable(ctx, spec, extras, hosts ?? null);
  await table.read((row) => rows.read(row));
  if (rows.layout === null) throw new InputError(ctx.path, notThis);
  return rows.finish();
}

class FindingTable {
  layout: FindingLayout | null = null;
  private headerLine = 0;
  private headerKey = "";
  private preambleLines = 0;
  private records = 0;
  private readonly blank = { count: 0, firstLine: 0 };
  private readonly ragged = { count: 0, firstLine: 0 };
  private readonly hosts: FindingHosts;
  private readonly ownHosts: boolean;
  private readonly times: TimeColumnReader;
  /** Port and protocol are part of a finding's key only: read when findings are kept. */
  private readonly keep: boolean;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly spec: FindingCsvSpec,
    private readonly extras: TableExtras,
    hosts: FindingHosts | null,
  ) {
    this.hosts = hosts ?? new FindingHosts(ctx);
    this.times = new TimeColumnReader(Date.now(), spec.monthFirst ? false : undefined);
    this.ownHosts = hosts === null;
    this.keep = ctx.keepFindings === true;
  }

  read(row: CsvRow): void {
    if (row.isBlank()) {
      if (this.blank.count++ === 0) this.blank.firstLine = row.line;
      return;
    }
    const layout = this.layout;
    if (layout === null) {
      const cells = row.cells();
      this.layout = matchFindingHeader(cells, this.spec.columns);
      if (this.layout === null) {
        this.preambleLines++;
        this.extras.preamble?.(cells, row.line);
      } else {
        this.headerLine = row.line;
        this.headerKey = cells.map(cleanCell).join("\u0000");
      }
      return;
    }
    // Cells are read one by one, only those of the fields: a report row has dozens of columns.
    const qid = valueOrNull(row.cell(layout.qid?.[0] ?? row.count));
    if (qid === null && this.extras.other?.(row.cells(), row.line)) return;
    this.records++;
    if (qid !== null && !/^\d/.test(qid) && row.cells().map(cleanCell).join("\u0000") === this.headerKey) {
      this.ctx.sink.skip(row.line, message("csv.skip.repeatedHeader"));
      return;
    }
    if (row.count !== layout.width && this.ragged.count++ === 0) this.ragged.firstLine = row.line;
    this.hosts.add(this.toFinding(row, layout));
  }

  private toFinding(row: CsvRow, layout: FindingLayout): FindingRow {
    const get = (field: FindingField): string | null => {
      for (const i of layout[field] ?? []) {
        const v = valueOrNull(row.cell(i));
        if (v !== null) return v;
      }
      return null;
    };
    const line = row.line;
    const timeText = get("time");
    const keep = this.keep;
    const qid = get("qid");
    return {
      ip: get("ip"),
      ipv6: get("ipv6"),
      hostname: get("hostname"),
      os: get("os"),
      qid,
      title: get("title"),
      type: get("type"),
      severity: get("severity"),
      vulnStatus: get("vulnStatus"),
      port: keep ? get("port") : null,
      protocol: keep ? get("protocol") : null,
      // The evidence column is long: read only for the OS and services breakdowns.
      results: qid !== null && isCoverageQid(Number(qid)) ? get("results") : null,
      time: timeText === null ? (this.extras.time?.() ?? null) : this.times.read(timeText, line),
      line,
    };
  }

  finish(): ReadResult {
    const { ctx, hosts } = this;
    if (this.ownHosts) hosts.finish();
    const warnings: Message[] = [];
    if (this.records === 0) warnings.push(message("finding.noFindings"));
    if (this.preambleLines > 0) warnings.push(message("csv.titleLines", { count: this.preambleLines, headerLine: this.headerLine }));
    if (this.blank.count > 0) warnings.push(message("csv.emptyLines", this.blank));
    if (this.ragged.count > 0) warnings.push(message("csv.raggedRows", { ...this.ragged, expected: this.layout?.width ?? 0 }));
    warnings.push(...this.times.warnings());
    for (const w of warnings) ctx.sink.warn(w);
    return { format: this.spec.format, records: this.records, classified: hosts.rows };
  }
}
