/**
 * Qualys HOST_LIST_VM_DETECTION_OUTPUT (API v2 host list detection). Each HOST carries its
 * detections with severity but no titles: authentication problems are recognised by QID. A file
 * with WARNING/URL is one page of several; the page boundaries are reported for the cross-page check.
 */
import { lookup } from "../../parse/lookup.js";
import { message } from "../../messages/message.js";
import type { FindingKind } from "../../model/findings.js";
import { parseIp } from "../../net/ip.js";
import { cleanText, decodeEntitiesAgain, parseQualysTime, realHostname } from "./clean-text.js";
import { isCoverageQid, warnCoverage } from "./coverage-warnings.js";
import { DetectedNames } from "./host-detection.js";
import { vulnStatusOf } from "../qualys-findings/finding-hosts.js";
import { HostFindings, isQid, type Finding } from "./host-findings.js";
import { QualysHandler, type SplittableHandler } from "./qualys-handler.js";

const TYPE_KINDS: Readonly<Record<string, FindingKind>> = { confirmed: "confirmed", potential: "potential", info: "info" };
const HOST_FIELDS = new Set(["ID", "IP", "IPV6", "OS", "DNS", "NETBIOS", "LAST_VM_SCANNED_DATE", "LAST_SCAN_DATETIME"]);
const DETECTION_FIELDS = new Set(["QID", "TYPE", "SEVERITY", "PORT", "PROTOCOL", "STATUS"]);

interface OpenHost {
  readonly line: number;
  readonly fields: Record<string, string>;
  readonly findings: HostFindings;
  /** The host's findings while its element is open, when findings are kept (its IP may come last). */
  readonly kept: Finding[] | null;
}

/** What one part of a split detection list contributes to the checks made at the end. */
export interface DetectionsFragmentState {
  readonly records: number;
  readonly coverage: readonly number[];
  readonly missingSeverity: number;
  readonly badQids: number;
  readonly firstId: number | null;
  readonly lastId: number | null;
}

export class DetectionsReader extends QualysHandler implements SplittableHandler<DetectionsFragmentState> {
  private host: OpenHost | null = null;
  private detection: Record<string, string> | null = null;
  private warning: Record<string, string> | null = null;
  private readonly coverage = new Set<number>();
  private missingSeverity = 0;
  private badQids = 0;
  private firstId: number | null = null;
  private lastId: number | null = null;
  private nextIdMin: number | null = null;
  private datetime: number | null = null;
  private readonly detectedNames = new DetectedNames();

  get splittable(): boolean {
    return this.host === null && this.detection === null && this.warning === null && this.at(0) === "HOST_LIST";
  }

  fragmentState(): DetectionsFragmentState {
    const { records, missingSeverity, badQids, firstId, lastId } = this;
    return { records, coverage: [...this.coverage], missingSeverity, badQids, firstId, lastId };
  }

  absorb(part: DetectionsFragmentState): void {
    this.records += part.records;
    for (const q of part.coverage) this.coverage.add(q);
    this.missingSeverity += part.missingSeverity;
    this.badQids += part.badQids;
    if (part.firstId !== null) this.firstId = this.firstId === null ? part.firstId : Math.min(this.firstId, part.firstId);
    if (part.lastId !== null) this.lastId = this.lastId === null ? part.lastId : Math.max(this.lastId, part.lastId);
  }

  protected open(name: string, _attrs: Record<string, string>, line: number): boolean {
    const parent = this.at(1);
    if (name === "HOST" && parent === "HOST_LIST") {
      const kept: Finding[] | null = this.ctx.keepFindings && this.ctx.sink.finding ? [] : null;
      this.host = { line, fields: {}, findings: new HostFindings(kept && ((f) => kept.push(f)), this.detectedNames), kept };
      return false;
    }
    if (this.host) {
      if (name === "DETECTION") this.detection = {};
      // RESULTS comes after QID: kept only for the QIDs of the OS and services breakdowns.
      if (this.detection) return parent === "DETECTION" && (DETECTION_FIELDS.has(name) || (name === "RESULTS" && isCoverageQid(Number(this.detection.QID))));
      return HOST_FIELDS.has(name) && parent === "HOST";
    }
    if (name === "WARNING" && parent === "RESPONSE") this.warning = {};
    if (this.warning) return parent === "WARNING";
    return name === "DATETIME" && parent === "RESPONSE";
  }

  protected text(name: string, text: string): void {
    if (this.detection) this.detection[name] = text.trim();
    else if (this.host) this.host.fields[name] = text.trim();
    else if (this.warning) this.warning[name] = text.trim();
    else if (name === "DATETIME") this.datetime = parseQualysTime(text);
  }

  protected close(name: string): void {
    if (name === "DETECTION" && this.detection && this.host) {
      const d = this.detection;
      const kind = lookup(TYPE_KINDS, (d.TYPE ?? "").toLowerCase());
      const qid = Number(d.QID);
      if (kind && !isQid(qid)) this.badQids++;
      else if (kind) {
        const severity = d.SEVERITY === undefined || d.SEVERITY === "" ? Number.NaN : Number(d.SEVERITY);
        const fixed = (d.STATUS ?? "").toLowerCase() === "fixed";
        // A Fixed detection is not counted, so its missing severity changes nothing.
        if (kind === "confirmed" && !fixed && Number.isNaN(severity)) this.missingSeverity++;
        const stated = this.host.kept ? vulnStatusOf(d.STATUS ?? null) : null;
        this.host.findings.add({ kind, qid, severity, port: d.PORT ?? "", protocol: d.PROTOCOL ?? "", title: null, fixed, stated, result: d.RESULTS ?? null });
      }
      this.detection = null;
    } else if (name === "HOST" && this.host && this.at(1) === "HOST_LIST") {
      this.emitHost(this.host);
      this.host = null;
    } else if (name === "WARNING" && this.warning) {
      // Entities are decoded again: a URL in CDATA can still carry "&amp;id_min=".
      const url = decodeEntitiesAgain(this.warning.URL ?? "");
      const idMin = /[?&]id_min=(\d+)/.exec(url);
      if (idMin) this.nextIdMin = Number(idMin[1]);
      else if (this.warning.TEXT) this.ctx.sink.warn(message("qualys.apiWarning", { code: this.warning.CODE ?? "", text: this.warning.TEXT }));
      this.warning = null;
    }
  }

  private emitHost(host: OpenHost): void {
    const f = host.fields;
    const id = Number(f.ID);
    if (Number.isFinite(id) && f.ID) {
      this.firstId = this.firstId === null ? id : Math.min(this.firstId, id);
      this.lastId = this.lastId === null ? id : Math.max(this.lastId, id);
    }
    const ip = parseIp(f.IP ?? "") ?? parseIp(f.IPV6 ?? "");
    const hostname = realHostname(f.DNS) ?? realHostname(f.NETBIOS);
    if (!ip && !hostname) {
      this.records++; // read, and skipped: read = classified + skipped
      this.ctx.sink.skip(host.line, message("qualys.hostWithoutAddress", { value: f.IP ?? f.ID ?? "" }));
      return;
    }
    this.records++;
    for (const q of host.findings.coverageQids) this.coverage.add(q);
    const auth = host.findings.auth;
    const os = cleanText(f.OS);
    this.ctx.sink.host({
      ip: ip ? ip.text : null,
      hostname,
      rawStatus: auth ? auth.status : "Success",
      detail: auth ? auth.detail : null,
      time: parseQualysTime(f.LAST_VM_SCANNED_DATE) ?? parseQualysTime(f.LAST_SCAN_DATETIME) ?? this.datetime,
      evidence: "direct",
      input: this.ctx.input,
      line: host.line,
      os,
      detected: host.findings.detection?.detected(os),
      findings: host.findings.counts,
    });
    if (ip && host.kept) {
      for (const k of host.kept) {
        this.ctx.sink.finding?.({ address: ip, qid: k.qid, port: k.port, protocol: k.protocol, kind: k.kind, severity: k.severity, fixed: k.fixed, stated: k.stated ?? null });
      }
    }
  }

  finish(): void {
    const { sink } = this.ctx;
    if (this.badQids > 0) sink.warn(message("qualys.badQid", { count: this.badQids }));
    if (this.missingSeverity > 0) sink.warn(message("qualys.severityMissing", { count: this.missingSeverity }));
    if (this.records > 0) warnCoverage(sink, this.coverage);
    sink.detectionPage({ firstId: this.firstId, lastId: this.lastId, nextIdMin: this.nextIdMin });
  }
}
