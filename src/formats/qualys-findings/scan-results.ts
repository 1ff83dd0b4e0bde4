/**
 * The scan results as JSON or CSV (../shared/spec/qualys-exports.md, sections 1 and 2): a scan
 * header (status, launch date, target and excluded IPs), findings, and an appendix of hosts that
 * were not scanned, with the reason. Both readers feed this; the target arithmetic is the SCAN
 * XML's (scan-targets.ts).
 */
import { message } from "../../messages/message.js";
import { parseTargetList, type TargetList } from "../../net/target-list.js";
import { countAddresses } from "../qualys-xml/target-counts.js";
import { parseTime } from "../../parse/csv/parse-time.js";
import { OutsideTargets } from "../qualys-xml/outside-targets.js";
import type { ReaderContext } from "../reader.js";
import { FindingHosts, type FindingRow } from "./finding-hosts.js";
import { emitList, emitScanTargets, isFinished, parseScanTargets, PRIORITY_APPENDIX } from "./scan-targets.js";

export interface ScanHeader {
  readonly status: string | null;
  readonly launchDate: string | null;
  readonly ips: string | null;
  readonly excludedIps: string | null;
  readonly activeHosts: string | null;
}

/**
 * Appendix labels, matched loosely (lower case, letters and digits only): the exact spellings vary
 * between the JSON keys ("hosts_not_scanned_host_not_alive_ip") and the CSV labels ("Hosts Not
 * Scanned, Host not alive (IP)"). null: informational, no status.
 */
const APPENDIX: readonly (readonly [RegExp, string | null])[] = [
  [/targetdistribution|scannerappliance/, null],
  [/excluded/, "SkippedAsExcluded"],
  [/notalive|dead/, "NoAnswer"],
  [/unresolv|notberesolved|dnsresolution/, "NoAnswer"],
  [/cancel|abort|paused|interrupt|exceeded/, "Aborted"],
  [/duplicate/, "SkippedAsSameAs"],
  [/blocked/, "NoConnection"],
  [/novulnerabilit|notvuln/, "Success"],
];

export function appendixStatus(label: string): { status: string | null } | null {
  const key = label.toLowerCase().replace(/[^a-z0-9]+/g, "");
  for (const [re, status] of APPENDIX) if (re.test(key)) return { status };
  return null;
}

export class ScanResults {
  readonly hosts: FindingHosts;
  private header: { fields: ScanHeader; line: number; time: number | null } | null = null;
  private readonly appendix: { label: string; status: string; value: string; line: number }[] = [];

  constructor(
    private readonly ctx: ReaderContext,
    /** How the file names the target lists, for details ("ips" in JSON, "IPs" in CSV). */
    private readonly names: { readonly targets: string; readonly excluded: string },
  ) {
    this.hosts = new FindingHosts(ctx);
  }

  setHeader(fields: ScanHeader, line: number): void {
    const time = fields.launchDate === null ? null : parseTime(fields.launchDate, { now: Date.now(), dayFirst: false });
    this.header = { fields, line, time };
  }

  /** The scan's launch date: the time of every finding. */
  get time(): number | null {
    return this.header?.time ?? null;
  }

  finding(row: FindingRow): void {
    this.hosts.add(row);
  }

  /** One appendix entry: false when the label is not one this tool knows (warned, not dropped silently). */
  addAppendix(label: string, value: string, line: number): boolean {
    const known = appendixStatus(label);
    if (known === null) {
      this.ctx.sink.warn(message("finding.unknownAppendix", { label, line }));
      return false;
    }
    if (known.status !== null) this.appendix.push({ label, status: known.status, value, line });
    return true;
  }

  finish(): void {
    const { ctx, hosts, header } = this;
    const { sink, input } = ctx;
    const appendix = this.appendix.map((a) => ({ ...a, list: parseTargetList(a.value) }));
    // Checked while the hosts are at hand: finish() reports them and lets them go.
    const scan = header === null ? null : parseScanTargets(header.fields.ips ?? "", header.fields.excludedIps ?? "");
    if (header !== null && scan !== null) this.checkHeader(header.fields, scan.targets, appendix);
    hosts.finish();
    if (header === null || scan === null) sink.warn(message("finding.scanNoHeader"));
    else emitScanTargets(sink, scan, header.fields.status ?? "", { input, line: header.line, time: header.time }, this.names);
    for (const a of appendix) emitList(sink, a.list, a.status, `appendix: ${a.label}`, PRIORITY_APPENDIX, { input, line: a.line, time: this.time });
  }

  /** The scan's status, hosts outside the target, and the header's count of hosts alive. */
  private checkHeader(fields: ScanHeader, targets: TargetList, appendix: readonly { status: string; list: TargetList }[]): void {
    const { sink } = this.ctx;
    const status = fields.status ?? "";
    if (!isFinished(status)) sink.warn(message("qualys.scanNotFinished", { status }));
    const outside = new OutsideTargets();
    outside.setTargets(targets);
    for (const h of this.hosts.scanned()) outside.add(h);
    if (outside.count > 0) sink.warn(message("qualys.hostOutsideTarget", { count: outside.count, ips: outside.examples.join(", ") }));
    // Hosts alive include those listed as scanned with nothing to report (no findings, no row).
    const nothingReported = appendix.filter((a) => a.status === "Success").reduce((n, a) => n + countAddresses(a.list.ranges), 0n);
    const found = BigInt(this.hosts.hostCount) + nothingReported;
    const alive = fields.activeHosts;
    if (alive !== null && /^\d+$/.test(alive) && BigInt(alive) !== found) {
      sink.warn(message("qualys.aliveCountDiffers", { stated: alive, found: found.toString() }));
    }
  }
}
