/**
 * Qualys ASSET_DATA_REPORT (scan-based report). Host findings carry only a QID; severity and title
 * are in the GLOSSARY that follows the hosts. Each host keeps a small per-QID tally while streaming
 * and is resolved against the glossary at the end. NO_RESULTS appendix ranges become NoResult.
 */
import { lookup } from "../../parse/lookup.js";
import { message } from "../../messages/message.js";
import { detach } from "../../lib/retained-text.js";
import { VULN_STATUSES, type FindingKind, type VulnStatus } from "../../model/findings.js";
import type { HostObservation } from "../../model/observation.js";
import { parseIp, type ParsedIp } from "../../net/ip.js";
import { vulnStatusOf } from "../qualys-findings/finding-hosts.js";
import { cleanText, parseQualysTime, realHostname } from "./clean-text.js";
import { isCoverageQid, warnCoverage } from "./coverage-warnings.js";
import { HostFindings, isQid } from "./host-findings.js";
import { DetectedHosts } from "./detected-hosts.js";
import { QualysHandler } from "./qualys-handler.js";

const TYPE_KINDS: Readonly<Record<string, FindingKind>> = { vuln: "confirmed", practice: "potential", ig: "info" };
const PRIORITY_NO_RESULTS = 2;

interface HeldFinding {
  readonly kind: FindingKind;
  readonly qid: number;
  readonly port: string;
  readonly protocol: string;
  readonly fixed: boolean;
  /** VULN_STATUS, read only when findings are kept. */
  readonly stated: VulnStatus | null;
}

interface OpenHost {
  readonly line: number;
  ip: string | null;
  dns: string | null;
  netbios: string | null;
  os: string | null;
  /** Findings while the HOST element is open. */
  readonly open: HeldFinding[];
  /** After it closed: the distinct present findings, packed as qid * 4 + kind (see pack()). */
  packed: number[];
  /** After it closed, when findings are kept: every finding, Fixed ones too, as two numbers (see keep()). */
  kept: number[] | null;
  /** Its index among the hosts: where DetectedHosts keeps what its QIDs 45017 and 82023 / 82004 say. */
  readonly slot: number;
}

const KINDS: readonly FindingKind[] = ["confirmed", "potential", "info"];

/**
 * Hosts wait for the glossary at the end of the file, so what they hold must be small: Fixed
 * findings dropped, duplicates (same kind, QID, port and protocol) merged, the rest two numbers.
 */
function pack(findings: readonly HeldFinding[], coverage: Set<number>): number[] {
  const seen = new Set<string>();
  const packed: number[] = [];
  for (const f of findings) {
    if (isCoverageQid(f.qid)) coverage.add(f.qid);
    if (f.fixed) continue;
    const key = `${f.kind}|${f.qid}|${f.port}|${f.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    packed.push(f.qid * 4 + KINDS.indexOf(f.kind));
  }
  return packed;
}

/** Element text the reader keeps, by element name and the parent it must be under. */
const HOST_FIELDS = new Set(["IP", "DNS", "NETBIOS", "OPERATING_SYSTEM"]);
const VULN_FIELDS = new Set(["QID", "TYPE", "PORT", "PROTOCOL", "VULN_STATUS"]);
const GLOSSARY_FIELDS = new Set(["QID", "TITLE", "SEVERITY"]);

export class AssetReportReader extends QualysHandler {
  private host: OpenHost | null = null;
  private vuln: Record<string, string> | null = null;
  private details: Record<string, string> | null = null;
  private readonly glossary = new Map<number, { severity: number; title: string | null }>();
  private readonly hosts: OpenHost[] = [];
  private readonly statedRisk = new Map<string, number>();
  private riskRow: Record<string, string> | null = null;
  private range: { start?: string; end?: string; ip?: string; line: number } | null = null;
  private readonly noResults: { start: string; end: string; line: number }[] = [];
  private generated: number | null = null;
  private readonly coverage = new Set<number>();
  private badQids = 0;
  /** Port/protocol pairs of the findings kept, by index (see keep()). */
  private readonly pairs: { port: string; protocol: string }[] = [];
  private readonly pairIndex = new Map<string, number>();
  private readonly detected = new DetectedHosts();

  protected open(name: string, attrs: Record<string, string>, line: number): boolean {
    const parent = this.at(1);
    if (name === "HOST" && parent === "HOST_LIST") {
      this.host = { line, ip: null, dns: null, netbios: null, os: null, open: [], packed: [], kept: null, slot: this.hosts.length };
      return false;
    }
    if (this.host) {
      if (name === "VULN_INFO") this.vuln = {};
      // RESULT comes after QID: kept only for the QIDs of the OS and services breakdowns.
      if (this.vuln) return parent === "VULN_INFO" && (VULN_FIELDS.has(name) || (name === "RESULT" && isCoverageQid(Number(this.vuln.QID))));
      return HOST_FIELDS.has(name) && parent === "HOST";
    }
    if (name === "VULN_DETAILS") this.details = { id: attrs.id ?? "" };
    if (this.details) return GLOSSARY_FIELDS.has(name) && parent === "VULN_DETAILS";
    if (name === "HOSTS" && parent === "RISK_SCORE_PER_HOST") this.riskRow = {};
    if (this.riskRow) return name === "IP_ADDRESS" || name === "SECURITY_RISK";
    if (this.stack.includes("NO_RESULTS")) {
      if (name === "RANGE") this.range = { line };
      else if (name === "IP" && parent === "IP_LIST") this.range = { line };
      return name === "START" || name === "END" || name === "IP";
    }
    return name === "GENERATION_DATETIME" || (name === "AVG_SECURITY_RISK" && parent === "RISK_SCORE_SUMMARY");
  }

  protected text(name: string, text: string): void {
    const value = text.trim();
    if (this.host && this.vuln) this.vuln[name] = value;
    else if (this.host) {
      if (name === "IP") this.host.ip = value;
      else if (name === "DNS") this.host.dns = realHostname(value);
      else if (name === "NETBIOS") this.host.netbios = realHostname(value);
      else this.host.os = cleanText(value);
    } else if (this.details) this.details[name] = text;
    else if (this.riskRow) this.riskRow[name] = value;
    else if (this.range) {
      if (name === "START") this.range.start = value;
      else if (name === "END") this.range.end = value;
      else this.range.ip = value;
    } else if (name === "GENERATION_DATETIME") this.generated = parseQualysTime(value);
    else if (name === "AVG_SECURITY_RISK" && value !== "" && Number.isFinite(Number(value))) {
      this.ctx.sink.statedAverageRisk(Number(value));
    }
  }

  protected close(name: string): void {
    if (name === "VULN_INFO" && this.host && this.vuln) {
      const v = this.vuln;
      const kind = lookup(TYPE_KINDS, (v.TYPE ?? "").toLowerCase());
      const qid = Number(v.QID);
      if (kind && !isQid(qid)) this.badQids++;
      else if (kind) {
        const stated = this.ctx.keepFindings ? vulnStatusOf(v.VULN_STATUS ?? null) : null;
        const fixed = (v.VULN_STATUS ?? "").toLowerCase() === "fixed";
        this.host.open.push({ kind, qid, port: v.PORT ?? "", protocol: v.PROTOCOL ?? "", fixed, stated });
        if (isCoverageQid(qid) && !fixed) this.detected.addResult(this.host.slot, qid, v.RESULT ?? null);
      }
      this.vuln = null;
    } else if (name === "HOST" && this.host && this.at(1) === "HOST_LIST") {
      this.records++;
      this.host.packed = pack(this.host.open, this.coverage);
      if (this.ctx.keepFindings && this.ctx.sink.finding) this.host.kept = this.keep(this.host.open);
      this.host.open.length = 0;
      this.hosts.push(this.host);
      this.host = null;
    } else if (name === "VULN_DETAILS" && this.details) {
      const qid = Number(this.details.QID ?? this.details.id?.replace(/^qid_/, ""));
      if (isQid(qid)) this.glossary.set(qid, { severity: Number(this.details.SEVERITY), title: cleanText(this.details.TITLE) });
      this.details = null;
    } else if (name === "HOSTS" && this.riskRow) {
      const ip = parseIp(this.riskRow.IP_ADDRESS ?? "");
      const risk = Number(this.riskRow.SECURITY_RISK);
      if (ip && this.riskRow.SECURITY_RISK && Number.isFinite(risk)) this.statedRisk.set(ip.text, risk);
      this.riskRow = null;
    } else if ((name === "RANGE" || name === "IP") && this.range) {
      const { start, end, ip, line } = this.range;
      if (ip) this.noResults.push({ start: ip, end: ip, line });
      else if (start && end) this.noResults.push({ start, end, line });
      this.range = null;
    }
  }

  finish(): void {
    const { sink } = this.ctx;
    const missing = new Set<number>();
    for (const host of this.hosts) {
      const ip = host.ip === null ? null : parseIp(host.ip);
      const obs = this.observation(host, ip, missing);
      if (!obs) continue;
      sink.host(obs);
      if (ip && host.kept) this.emitKept(ip, host.kept);
    }
    if (this.badQids > 0) sink.warn(message("qualys.badQid", { count: this.badQids }));
    if (missing.size > 0) {
      sink.warn(message("qualys.qidNotInGlossary", { count: missing.size, qids: [...missing].slice(0, 10).join(", ") }));
    }
    for (const r of this.noResults) {
      const start = parseIp(r.start);
      const end = parseIp(r.end);
      if (!start || !end || start.family !== end.family || start.value > end.value) {
        sink.warn(message("qualys.badRange", { start: r.start, end: r.end, line: r.line }));
        continue;
      }
      sink.range({
        family: start.family,
        start: start.value,
        end: end.value,
        rawStatus: "NoResult",
        detail: "in the report's NO_RESULTS appendix",
        time: this.generated,
        priority: PRIORITY_NO_RESULTS,
        input: this.ctx.input,
        line: r.line,
        conflictsWithDirect: true,
      });
    }
    if (this.hosts.length > 0) warnCoverage(sink, this.coverage);
  }

  /**
   * A host's findings, kept until the glossary gives their severity: two numbers each, the QID and
   * pair * 64 + fixed * 32 + stated * 4 + kind (pair: index of the port/protocol, stated: 0 for
   * none, else 1 + its index in VULN_STATUSES).
   */
  private keep(findings: readonly HeldFinding[]): number[] {
    const kept: number[] = [];
    for (const f of findings) {
      const key = `${f.port}\u0000${f.protocol}`;
      let pair = this.pairIndex.get(key);
      if (pair === undefined) {
        pair = this.pairs.push({ port: detach(f.port), protocol: detach(f.protocol) }) - 1;
        this.pairIndex.set(detach(key), pair);
      }
      const stated = f.stated === null ? 0 : VULN_STATUSES.indexOf(f.stated) + 1;
      kept.push(f.qid, pair * 64 + (f.fixed ? 32 : 0) + stated * 4 + KINDS.indexOf(f.kind));
    }
    return kept;
  }

  private emitKept(address: ParsedIp, kept: readonly number[]): void {
    for (let i = 0; i + 1 < kept.length; i += 2) {
      const qid = kept[i] as number;
      const code = kept[i + 1] as number;
      const { port, protocol } = this.pairs[Math.floor(code / 64)] as { port: string; protocol: string };
      const stated = Math.floor(code / 4) % 8;
      this.ctx.sink.finding?.({
        address,
        qid,
        port,
        protocol,
        kind: KINDS[code % 4] as FindingKind,
        // As counted: the glossary's, 1 where the QID is not in it.
        severity: this.glossary.get(qid)?.severity ?? 1,
        fixed: (code & 32) !== 0,
        stated: stated === 0 ? null : (VULN_STATUSES[stated - 1] as VulnStatus),
      });
    }
  }

  private observation(host: OpenHost, ip: ParsedIp | null, missing: Set<number>): HostObservation | null {
    const hostname = host.dns ?? host.netbios;
    if (!ip && !hostname) {
      this.ctx.sink.skip(host.line, message("qualys.hostWithoutAddress", { value: host.ip ?? "" }));
      return null;
    }
    const findings = new HostFindings();
    for (const code of host.packed) {
      const qid = Math.floor(code / 4);
      const details = this.glossary.get(qid);
      if (!details) missing.add(qid);
      findings.count(KINDS[code % 4] as FindingKind, qid, details?.severity ?? 1, details?.title ?? null);
    }
    const auth = findings.auth;
    const stated = ip ? this.statedRisk.get(ip.text) : undefined;
    return {
      ip: ip ? ip.text : null,
      hostname,
      rawStatus: auth ? auth.status : "Success",
      detail: auth ? auth.detail : null,
      time: this.generated,
      evidence: "direct",
      input: this.ctx.input,
      line: host.line,
      os: host.os,
      detected: this.detected.detected(host.slot, host.os),
      findings: findings.counts,
      ...(stated === undefined ? {} : { statedRisk: stated }),
    };
  }
}
