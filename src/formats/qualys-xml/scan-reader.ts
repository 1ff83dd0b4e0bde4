/**
 * Qualys SCAN (scan results, scan-1.dtd). Scanned hosts are `IP` elements; hosts that were not
 * scanned appear only in the TARGET header key. Hosts are reported as they close once the HEADER
 * (whose DATE is their time) has been read; a file with every IP before the HEADER has its hosts
 * held, as small summaries, until the document ends.
 */
import { InputError } from "../../errors.js";
import { message } from "../../messages/message.js";
import type { FindingKind } from "../../model/findings.js";
import type { HostObservation } from "../../model/observation.js";
import { parseIp, type ParsedIp } from "../../net/ip.js";
import { parseTargetList, type TargetList } from "../../net/target-list.js";
import { OutsideTargets } from "./outside-targets.js";
import { BoundedMemo } from "../../lib/bounded-memo.js";
import { cleanText, parseQualysTime, realHostname } from "./clean-text.js";
import { isCoverageQid, warnCoverage } from "./coverage-warnings.js";
import { HostFindings, type Finding } from "./host-findings.js";
import { authStatusOfTitle, titleIrrelevant, type AuthStatus } from "./auth-findings.js";
import { DetectedNames } from "./host-detection.js";
import { QualysHandler, type SplittableHandler } from "./qualys-handler.js";
import { SKIP_ELEMENT, type OpenAnswer } from "../../parse/xml/tokenizer.js";
import { emitScanTargets, isFinished } from "../qualys-findings/scan-targets.js";
import { countAddresses, countCommonAddresses } from "./target-counts.js";

/** A Map: asked for every element of the file, and a name like "constructor" must simply miss. */
const ITEM_KINDS: ReadonlyMap<string, FindingKind> = new Map([
  ["VULN", "confirmed"],
  ["PRACTICE", "potential"],
  ["INFO", "info"],
  ["SERVICE", "info"],
]);

interface OpenHost {
  readonly ip: string;
  readonly address: ParsedIp;
  readonly name: string | null;
  readonly down: boolean;
  readonly line: number;
  os: string | null;
  readonly findings: HostFindings;
}

/** A finding's title, cleaned, and what it says of authentication: worked out once per distinct title. */
interface Title {
  readonly text: string | null;
  readonly auth: AuthStatus | null;
}

function title(raw: string): Title {
  const text = cleanText(raw);
  return { text, auth: text === null ? null : authStatusOfTitle(text) };
}

/** Titles and OS names repeat on every host, and in every file of a fleet: worked out once each. */
const TITLES = new BoundedMemo(title);
const OS_NAMES = new BoundedMemo(cleanText);

interface OpenItem {
  readonly kind: FindingKind;
  readonly qid: number;
  readonly severity: number;
  title: Title | null;
  /** RESULT, captured only for the breakdown QIDs (45017, 82023, 82004). */
  result: string | null;
}

/** What one part of a split SCAN contributes to the checks made at the end (see split-host-list.ts). */
export interface ScanFragmentState {
  readonly records: number;
  readonly scanned: number;
  readonly coverage: readonly number[];
  readonly outsideCount: number;
  readonly outsideExamples: readonly string[];
}

export class ScanReader extends QualysHandler implements SplittableHandler<ScanFragmentState> {
  private readonly header = new Map<string, string>();
  private headerLine = 0;
  private keyName: string | null = null;
  private host: OpenHost | null = null;
  private item: OpenItem | null = null;
  private cat: { port: string; protocol: string } = { port: "", protocol: "" };
  /** Counts for the header checks, kept as hosts close (never the hosts themselves). */
  private scanned = 0;
  private readonly outside = new OutsideTargets();
  private targets: { targets: TargetList; excluded: TargetList } | null = null;
  /** Hosts read before the HEADER (its DATE is their time): held until the document ends. */
  private readonly held: OpenHost[] = [];
  /** The HEADER has been read: hosts can be reported as they close. */
  private headerTime: { time: number | null } | null = null;
  private error: { number: string; text: string | null } | null = null;
  private readonly coverage = new Set<number>();

  private readonly detectedNames = new DetectedNames();

  /** The HEADER has been read and no element but the root is open: hosts may be read elsewhere. */
  get splittable(): boolean {
    return this.headerTime !== null && this.stack.length === 1 && this.held.length === 0 && this.host === null;
  }

  fragmentState(): ScanFragmentState {
    return { records: this.records, scanned: this.scanned, coverage: [...this.coverage], outsideCount: this.outside.count, outsideExamples: this.outside.examples };
  }

  /** The hosts of a part read elsewhere (in document order, after this reader's own so far). */
  absorb(part: ScanFragmentState): void {
    this.records += part.records;
    this.scanned += part.scanned;
    for (const q of part.coverage) this.coverage.add(q);
    this.outside.absorb(part.outsideCount, part.outsideExamples);
  }

  protected open(name: string, attrs: Record<string, string>, line: number): OpenAnswer {
    switch (name) {
      case "HEADER":
        this.headerLine = line;
        return false;
      case "KEY":
        if (this.at(1) !== "HEADER") return false;
        this.keyName = attrs.value ?? null;
        return this.keyName !== null;
      case "IP":
        if (this.stack.length !== 2) return false;
        this.openHost(attrs, line);
        return false;
      case "OS":
        return this.host !== null && this.at(1) === "IP";
      case "CAT":
        if (this.host) this.cat = { port: attrs.port ?? "", protocol: attrs.protocol ?? "" };
        return false;
      case "TITLE":
        return this.item !== null;
      case "RESULT":
        if (this.item !== null && isCoverageQid(this.item.qid) && ITEM_KINDS.has(this.at(1) ?? "")) return true;
        return this.item !== null ? SKIP_ELEMENT : false;
      case "ERROR":
        if (this.stack.length !== 2) return false;
        this.error = { number: attrs.number ?? "", text: null };
        return true;
      default: {
        const kind = ITEM_KINDS.get(name);
        if (kind && this.host) this.item = { kind, qid: Number(attrs.number), severity: Number(attrs.severity), title: null, result: null };
        // Within a finding only its title and result are read (DIAGNOSIS, CVE lists... are not).
        else if (kind === undefined && this.item !== null) return SKIP_ELEMENT;
        return false;
      }
    }
  }

  private openHost(attrs: Record<string, string>, line: number): void {
    const raw = attrs.value ?? "";
    const ip = parseIp(raw);
    if (!ip) {
      this.records++; // read, and skipped: read = classified + skipped
      this.ctx.sink.skip(line, message("qualys.hostWithoutAddress", { value: raw }));
      return;
    }
    const down = (attrs.status ?? "").toLowerCase() === "down";
    this.host = { ip: ip.text, address: ip, name: realHostname(attrs.name), down, line, os: null, findings: new HostFindings(this.findingListener(ip, down), this.detectedNames) };
  }

  /**
   * Where a host's findings go when they are kept: straight to the sink as they are read, so that
   * hosts held until the HEADER do not hold them. A host down has none (it is reported without).
   */
  private findingListener(address: ParsedIp, down: boolean): ((f: Finding) => void) | null {
    const { sink } = this.ctx;
    if (!this.ctx.keepFindings || sink.finding === undefined || down) return null;
    return (f) => sink.finding?.({ address, qid: f.qid, port: f.port, protocol: f.protocol, kind: f.kind, severity: f.severity, fixed: f.fixed, stated: null });
  }

  protected text(name: string, text: string): void {
    if (name === "KEY" && this.keyName) this.header.set(this.keyName, text.trim());
    else if (name === "OS" && this.host) this.host.os = OS_NAMES.get(text);
    else if (name === "TITLE" && this.item) this.item.title = titleIrrelevant(this.item.qid, text) ? null : TITLES.get(text);
    else if (name === "RESULT" && this.item) this.item.result = text;
    else if (name === "ERROR" && this.error) this.error.text = cleanText(text);
  }

  protected close(name: string): void {
    if (name === "HEADER") {
      this.headerTime = { time: parseQualysTime(this.header.get("DATE")) };
      this.outside.setTargets(this.targetLists().targets);
    }
    else if (name === "KEY") this.keyName = null;
    else if (name === "CAT") this.cat = { port: "", protocol: "" };
    else if (name === "IP" && this.stack.length === 2 && this.host) {
      const host = this.host;
      this.records++;
      host.findings.seal();
      for (const q of host.findings.coverageQids) this.coverage.add(q);
      if (!host.down) {
        this.scanned++;
        this.outside.add(host);
      }
      if (this.headerTime) this.ctx.sink.host(this.observation(host, this.headerTime.time));
      else this.held.push(host);
      this.host = null;
    } else if (this.item && ITEM_KINDS.has(name)) {
      const { kind, qid, severity, title, result } = this.item;
      this.host?.findings.add({ kind, qid, severity, title: title?.text ?? null, titleAuth: title?.auth ?? null, port: this.cat.port, protocol: this.cat.protocol, fixed: false, result });
      this.item = null;
    }
  }

  finish(): void {
    const { sink, input } = this.ctx;
    // An API error answer in a SCAN wrapper (no header, no host): the scan never ran.
    if (this.error && this.header.size === 0 && this.records === 0) {
      const number = this.error.number ? ` ${this.error.number}` : "";
      throw new InputError(this.ctx.path, `the <SCAN> holds only a Qualys API error, not scan results (error${number}: "${this.error.text ?? ""}")`);
    }
    const status = (this.header.get("STATUS") ?? "").toUpperCase();
    const finished = isFinished(status);
    const time = parseQualysTime(this.header.get("DATE"));
    if (this.header.size === 0) sink.warn(message("qualys.scanNoHeader"));
    else if (!finished) sink.warn(message("qualys.scanNotFinished", { status: this.header.get("STATUS") ?? "" }));
    if (this.error) sink.warn(message("qualys.scanError", { number: this.error.number, text: this.error.text ?? "" }));

    for (const host of this.held) sink.host(this.observation(host, time));

    const { targets, excluded } = this.targetLists();
    if (!this.headerTime) this.outside.setTargets(targets);
    emitScanTargets(sink, { targets, excluded }, this.header.get("STATUS") ?? "", { input, line: this.headerLine, time });
    this.checkHeaderCounts(targets, excluded);
    if (this.scanned > 0) warnCoverage(sink, this.coverage);
  }

  /** TARGET and EXCLUDED_TARGET, parsed once (they can list thousands of entries). */
  private targetLists(): { targets: TargetList; excluded: TargetList } {
    this.targets ??= {
      targets: parseTargetList(this.header.get("TARGET") ?? ""),
      excluded: parseTargetList(this.header.get("EXCLUDED_TARGET") ?? ""),
    };
    return this.targets;
  }

  private observation(host: OpenHost, time: number | null): HostObservation {
    const { ip, address, name: hostname, line, os } = host;
    const input = this.ctx.input;
    if (host.down) return { ip, address, hostname, time, evidence: "direct", input, line, os, rawStatus: "NoAnswer", detail: 'host down (status="down")' };
    const auth = host.findings.auth;
    const detected = host.findings.detection?.detected(os);
    return { ip, address, hostname, time, evidence: "direct", input, line, os, rawStatus: auth ? auth.status : "Success", detail: auth ? auth.detail : null, findings: host.findings.counts, detected };
  }

  /** Header totals that disagree with the hosts present are reported, never trusted blindly. */
  private checkHeaderCounts(targets: TargetList, excluded: TargetList): void {
    const { sink } = this.ctx;
    const alive = this.header.get("NBHOST_ALIVE");
    if (alive !== undefined && /^\d+$/.test(alive) && Number(alive) !== this.scanned) {
      sink.warn(message("qualys.aliveCountDiffers", { stated: alive, found: this.scanned }));
    }
    if (this.outside.count > 0) {
      sink.warn(message("qualys.hostOutsideTarget", { count: this.outside.count, ips: this.outside.examples.join(", ") }));
    }
    this.checkTargetTotal(targets, excluded);
  }

  /**
   * NBHOST_TOTAL against the TARGET list. Entries may overlap, so addresses are counted once; files
   * differ on whether the total counts excluded targets, so either reading is accepted.
   */
  private checkTargetTotal(targets: TargetList, excluded: TargetList): void {
    const total = this.header.get("NBHOST_TOTAL");
    if (total === undefined || !/^\d+$/.test(total) || targets.invalid.length > 0) return;
    const names = new Set(targets.hostnames.map((h) => h.toLowerCase()));
    const all = countAddresses(targets.ranges) + BigInt(names.size);
    if (all === 0n) return;
    const excludedNames = excluded.hostnames.filter((h) => names.has(h.toLowerCase())).length;
    const left = all - countCommonAddresses(targets.ranges, excluded.ranges) - BigInt(excludedNames);
    const stated = BigInt(total);
    if (stated !== all && stated !== left) {
      this.ctx.sink.warn(
        message("qualys.targetCountDiffers", { stated: total, found: all.toString(), afterExclusions: left === all ? "" : left.toString() }),
      );
    }
  }
}
