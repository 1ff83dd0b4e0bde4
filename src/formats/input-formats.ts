/**
 * Every input format, in one list: its name (for --input-format and `inputs[].format`), how it is
 * recognised from the first bytes, and its reader. The --input-format choices, the help text and
 * detection are derived from it. Adding a format is a folder under formats/ and an entry here.
 */
import { InputError } from "../errors.js";
import type { InputHead, Syntax } from "../detect/detect-format.js";
import { readScanLog } from "./scan-log-csv/read-scan-log.js";
import { findingHeaderIn, PCI_COLUMNS, REPORT_COLUMNS, SCAN_FINDING_COLUMNS, VMDR_COLUMNS, type FindingColumns } from "./qualys-finding-csv/finding-columns.js";
import { readFindingCsv } from "./qualys-finding-csv/read-finding-csv.js";
import { readScanJson } from "./qualys-scan-json/read-scan-json.js";
import { readScanCsv, scanCsvHeaderBlockIn } from "./qualys-scan-csv/read-scan-csv.js";
import { AssetReportReader } from "./qualys-xml/asset-report-reader.js";
import { DetectionsReader } from "./qualys-xml/detections-reader.js";
import { readQualysXml, type XmlRoot } from "./qualys-xml/read-qualys-xml.js";
import { ScanReader } from "./qualys-xml/scan-reader.js";
import { ScanSummaryReader } from "./qualys-xml/scan-summary-reader.js";
import { isHostsNdjsonHead, readEmptyPart, readHostsNdjson } from "./scantriage-hosts/read-hosts-ndjson.js";
import type { ByteChunks, ReaderContext, ReadResult, ReadWatch } from "./reader.js";
import { parseHostListFragment, readHostListSplit, type HostListShape } from "./qualys-xml/split-host-list.js";
import { parseScanLogPart, readScanLogSplit } from "./scan-log-csv/split-scan-log.js";
import type { FragmentRunner, FragmentSpec, PartParse } from "./split-parts.js";

type Read = (chunks: ByteChunks, ctx: ReaderContext) => Promise<ReadResult>;

interface InputFormatDefinition {
  readonly name: string;
  readonly syntax: Syntax;
  /** What the file is, for --help and messages ("scan results", "scan-based report"). */
  readonly description: string;
  /** Carries vulnerability findings, so a security risk can be computed from it. */
  readonly findings: boolean;
  /** XML: the root element that names the format. */
  readonly root?: string;
  /** Whether the head of an input is this format (the first match in list order wins). */
  readonly match: (head: InputHead) => boolean;
  readonly read: Read;
  /** One large regular file of the format can be cut into parts parsed on several cores. */
  readonly split?: SplitCapability | null;
  /**
   * The reader copies what it keeps of a chunk before asking for the next (the XML tokenizer, the
   * JSON array splitter): a regular file may then be read into one reused buffer.
   */
  readonly copiesChunks?: boolean;
  /**
   * False when reading a file is little work beside the observations it yields: on a worker thread
   * (--jobs), sending them to the main thread would cost more than the reading saves.
   */
  readonly worthAWorker?: boolean;
}

/** Reads one large regular file on several threads (formats whose records can be cut apart). */
export type SplitRead = (path: string, size: number, ctx: ReaderContext, runner: FragmentRunner, watch: ReadWatch) => Promise<ReadResult>;

interface SplitCapability {
  /** The whole file, this thread reading some parts and replaying what the runner parsed of the others. */
  readonly read: SplitRead;
  /** A worker's side: one part, or null when it cannot be used as it was parsed. */
  readonly parsePart: PartParser;
}

type PartParser = (spec: FragmentSpec, ctx: ReaderContext) => Promise<PartParse | null>;

/**
 * An XML format is named by its root element; one streaming reader serves them all. `findings`:
 * false for a document that lists hosts without their findings (the scan summary).
 */
function qualysXml<const N extends string>(name: N, root: string, description: string, Handler: XmlRoot["Handler"], options: { findings?: boolean; hostList?: HostListShape } = {}) {
  const read: Read = (chunks, ctx) => readQualysXml(chunks, ctx, XML_ROOTS, name as InputFormat);
  const shape = options.hostList;
  const split: SplitCapability | null =
    shape === undefined
      ? null
      : {
          read: ((path, size, ctx, runner, watch) => readHostListSplit(path, size, ctx, runner, XML_ROOTS, name as InputFormat, shape, watch)) as SplitRead,
          parsePart: (async (spec, ctx) => (spec.kind === "host-list" ? parseHostListFragment(spec, ctx, Handler) : null)) as PartParser,
        };
  return {
    name,
    syntax: "xml",
    description,
    findings: options.findings ?? true,
    root,
    Handler,
    match: (head: InputHead) => head.xmlRoot === root,
    read,
    split,
    copiesChunks: true,
  } as const;
}

/** A CSV with one row per finding, told apart by its header row. */
function findingCsv<const N extends string>(name: N, label: string, description: string, columns: FindingColumns, monthFirst: boolean) {
  const read: Read = (chunks, ctx) => readFindingCsv(chunks, ctx, { format: name as InputFormat, label, columns, monthFirst });
  return {
    name,
    syntax: "csv",
    description,
    findings: true,
    match: (head: InputHead) => findingHeaderIn(head.text, head.complete, columns),
    read,
  } as const;
}

export const INPUT_FORMATS = [
  qualysXml("qualys-scan", "SCAN", "scan results", ScanReader, { hostList: { host: "IP", after: "</HEADER>" } }),
  qualysXml("qualys-asset-report", "ASSET_DATA_REPORT", "scan-based report", AssetReportReader),
  qualysXml("qualys-detections", "HOST_LIST_VM_DETECTION_OUTPUT", "API host list detection", DetectionsReader, { hostList: { host: "HOST", after: "<HOST_LIST>" } }),
  qualysXml("qualys-scan-summary", "SCAN_SUMMARY_OUTPUT", "scan summary (hosts not scanned and why)", ScanSummaryReader, { findings: false }),
  {
    name: "qualys-scan-json",
    syntax: "json",
    description: "scan results JSON",
    findings: true,
    // Any JSON array: the reader tells scan results from other JSON by the elements' keys.
    match: (head: InputHead) => head.text.trimStart().startsWith("["),
    read: readScanJson as Read,
    copiesChunks: true,
  },
  {
    name: "scantriage-hosts",
    syntax: "json",
    description: "scantriage's own `hosts --format ndjson` output (a map/reduce part)",
    // Whether a part carries findings is the part's to say (ReadResult.findings): its map step's inputs.
    findings: false,
    // Told from other JSON by the keys of its first line.
    match: (head: InputHead) => isHostsNdjsonHead(head.text, head.complete),
    read: readHostsNdjson as Read,
    // A JSON line per host, every field a host observation needs: parsing it is cheap.
    worthAWorker: false,
  },
  {
    name: "qualys-scan-csv",
    syntax: "csv",
    description: "scan results CSV",
    findings: true,
    // The findings table alone is a report CSV's; the scan's header block makes it scan results.
    match: (head: InputHead) => scanCsvHeaderBlockIn(head.text, head.complete) && findingHeaderIn(head.text, head.complete, SCAN_FINDING_COLUMNS),
    read: readScanCsv as Read,
  },
  findingCsv("qualys-pci-csv", "PCI finding CSV", "PCI / HackerGuardian finding CSV", PCI_COLUMNS, false),
  findingCsv("qualys-vmdr-csv", "VMDR Asset Vuln Datalist CSV", "VMDR Asset Vuln Datalist CSV", VMDR_COLUMNS, true),
  findingCsv("qualys-report-csv", "VM report CSV", "VM scan / host-based report CSV", REPORT_COLUMNS, true),
  {
    name: "scan-log-csv",
    syntax: "csv",
    description: "discovery scan log (iQSonar / iQCloud / CloudSphere and alike)",
    findings: false,
    // Any other CSV: the scan-log reader finds the header, or says why the file is not a scan log.
    match: (head: InputHead) => head.syntax === "csv",
    read: ((chunks, ctx) => readScanLog(chunks, ctx)) as Read,
    split: {
      read: ((path, size, ctx, runner, watch) => readScanLogSplit(path, size, ctx, runner, "scan-log-csv", watch)) as SplitRead,
      parsePart: (async (spec, ctx) => (spec.kind === "scan-log" ? parseScanLogPart(spec, ctx) : null)) as PartParser,
    },
  },
] as const satisfies readonly InputFormatDefinition[];

export type InputFormat = (typeof INPUT_FORMATS)[number]["name"];
export type InputFormatEntry = (typeof INPUT_FORMATS)[number];

const XML_ROOTS: readonly XmlRoot[] = INPUT_FORMATS.flatMap((f) => ("root" in f ? [{ root: f.root, format: f.name, description: f.description, Handler: f.Handler }] : []));

export function inputFormat(name: InputFormat): InputFormatEntry {
  return INPUT_FORMATS.find((f) => f.name === name) as InputFormatEntry;
}

/**
 * What reads an input of this syntax that no format claims: the Qualys XML reader, which names
 * the root element it finds (the head may end before it) or refuses it; JSON is refused as JSON.
 */
const UNCLAIMED: Readonly<Record<Syntax, Read>> = {
  csv: (chunks, ctx) => readScanLog(chunks, ctx),
  xml: (chunks, ctx) => readQualysXml(chunks, ctx, XML_ROOTS, null),
  json: (_chunks, ctx) => {
    throw new InputError(ctx.path, "a JSON object, not a format this tool reads (Qualys scan results JSON is an array of objects; scantriage hosts output has a hosts row on each line)");
  },
};

/** The format an input of this head is read as (null: its syntax's fallback reader). */
function formatOf(head: InputHead, forced: ForcedFormat | null): InputFormatEntry | null {
  const syntax = forced?.syntax ?? head.syntax;
  return forced?.format ? inputFormat(forced.format) : (INPUT_FORMATS.find((f) => f.syntax === syntax && f.match({ ...head, syntax })) ?? null);
}

/** Whether the reader of an input of this head copies what it keeps of each chunk (InputFormatDefinition.copiesChunks). */
export function copiesChunks(head: InputHead, forced: ForcedFormat | null): boolean {
  const format = formatOf(head, forced);
  return format !== null && "copiesChunks" in format && format.copiesChunks === true;
}

/** Whether reading an input of this head on a worker thread pays (see InputFormatDefinition.worthAWorker). */
export function worthAWorker(head: InputHead, forced: ForcedFormat | null): boolean {
  const format = formatOf(head, forced);
  return !(format && "worthAWorker" in format && format.worthAWorker === false);
}

/** The split reader of the input's format, if it has one. */
export function splitReaderFor(head: InputHead, forced: ForcedFormat | null): SplitRead | null {
  const format = formatOf(head, forced);
  return format && "split" in format && format.split ? format.split.read : null;
}

/** A worker's side of a split file: one part parsed by its format (null: the part cannot be used). */
export async function parsePart(spec: FragmentSpec, ctx: ReaderContext): Promise<PartParse | null> {
  const format = INPUT_FORMATS.find((f) => f.name === spec.format);
  return format !== undefined && "split" in format && format.split ? format.split.parsePart(spec, ctx) : null;
}

/** The reader for an input: the format given, else the first that matches, else its syntax's fallback. */
export function readerFor(head: InputHead, forced: ForcedFormat | null): Read {
  if (forced?.format) return inputFormat(forced.format).read;
  const syntax = forced?.syntax ?? head.syntax;
  const found = INPUT_FORMATS.find((f) => f.syntax === syntax && f.match({ ...head, syntax }));
  return found?.read ?? UNCLAIMED[syntax];
}

/**
 * The reader for an empty input, or null when it is an error. An empty file has no content to detect,
 * but an empty part is what a map step prints for an input without hosts: read as one (a warning)
 * when named `.ndjson` or given as `--input-format scantriage-hosts`.
 */
export function readerForEmpty(path: string, forced: ForcedFormat | null): Read | null {
  if (forced?.format === "scantriage-hosts" || (forced === null && /\.ndjson(\.gz)?$/i.test(path))) return readEmptyPart;
  return null;
}

/** --input-format: a format by name, or a syntax (then detection chooses among its formats). */
export interface ForcedFormat {
  readonly syntax: Syntax;
  readonly format: InputFormat | null;
}

/** Every --input-format value: auto, the syntaxes, "qualys" (any Qualys XML), then every format. */
export const INPUT_FORMAT_CHOICES: Readonly<Record<string, ForcedFormat | null>> = {
  auto: null,
  csv: { syntax: "csv", format: null },
  xml: { syntax: "xml", format: null },
  qualys: { syntax: "xml", format: null },
  ...Object.fromEntries(INPUT_FORMATS.map((f) => [f.name, { syntax: f.syntax, format: f.name }])),
};
