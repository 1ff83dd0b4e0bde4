/**
 * Qualys scan results as JSON (`/api/2.0/fo/scan/?action=fetch&output_format=json`): one array of
 * objects told apart by their keys (account header, scan header, findings, one-key appendix
 * objects). Streamed one element at a time (parse/json/json-array-splitter.ts).
 */
import { InputError } from "../../errors.js";
import { message } from "../../messages/message.js";
import { JsonArraySplitter, JsonSyntaxError } from "../../parse/json/json-array-splitter.js";
import { ScanResults } from "../qualys-findings/scan-results.js";
import { isCoverageQid } from "../qualys-xml/coverage-warnings.js";
import type { ByteChunks, ReaderContext, ReadResult } from "../reader.js";

/** A finding's results text can be long, but not this long: anything larger is damage. */
export const MAX_ELEMENT_BYTES = 16 * 1024 * 1024;

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A field as text: strings trimmed (empty is none), numbers as written, anything else none. */
function text(v: unknown): string | null {
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? null : t;
  }
  return typeof v === "number" && Number.isFinite(v) ? String(v) : null;
}

function first(o: JsonObject, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = text(o[k]);
    if (v !== null) return v;
  }
  return null;
}

/** An appendix value: "ip, range, ..." as text, or (seen in some clients' output) an array of them. */
function listText(v: unknown): string {
  if (Array.isArray(v)) return v.map(text).filter((t) => t !== null).join(",");
  return text(v) ?? "";
}

const has = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function describe(v: unknown): string {
  if (!isObject(v)) return v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`;
  const keys = Object.keys(v);
  return keys.length === 0 ? "an empty object" : `an object with keys ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", ..." : ""}`;
}

export async function readScanJson(chunks: ByteChunks, ctx: ReaderContext): Promise<ReadResult> {
  const scan = new ScanResults(ctx, { targets: "ips", excluded: "excluded_ips" });
  const keep = ctx.keepFindings === true;
  let elements = 0;
  let findings = 0;
  let known = 0;
  let skipped = 0;
  const onElement = (v: unknown, line: number): void => {
    elements++;
    if (!isObject(v)) {
      skipped++;
      ctx.sink.skip(line, message("finding.skip.unknownElement", { what: describe(v) }));
    } else if (has(v, "ip") && has(v, "qid")) {
      findings++;
      const qid = text(v.qid);
      scan.finding({
        ip: text(v.ip),
        hostname: first(v, ["dns", "netbios", "fqdn"]),
        os: text(v.os),
        qid,
        title: text(v.title),
        type: text(v.type),
        severity: text(v.severity),
        vulnStatus: text(v.vuln_status),
        port: keep ? text(v.port) : null,
        protocol: keep ? text(v.protocol) : null,
        results: qid !== null && isCoverageQid(Number(qid)) ? text(v.results) : null,
        time: scan.time,
        line,
      });
    } else if (has(v, "reference") || (has(v, "status") && (has(v, "launch_date") || has(v, "ips")))) {
      known++;
      scan.setHeader(
        { status: text(v.status), launchDate: text(v.launch_date), ips: text(v.ips), excludedIps: text(v.excluded_ips), activeHosts: text(v.active_hosts) },
        line,
      );
    } else if (has(v, "username") || has(v, "scan_report_template_title") || has(v, "result_date")) {
      known++;
    } else {
      const keys = Object.keys(v);
      const key = keys[0];
      if (keys.length === 1 && key !== undefined && scan.addAppendix(key, listText(v[key]), line)) known++;
      else {
        skipped++;
        ctx.sink.skip(line, message("finding.skip.unknownElement", { what: describe(v) }));
      }
    }
  };
  const splitter = new JsonArraySplitter(onElement, { maxElementBytes: MAX_ELEMENT_BYTES });
  try {
    for await (const chunk of chunks) splitter.write(chunk);
    splitter.end();
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new InputError(ctx.path, err.reason.startsWith("a JSON object") ? `${err.reason} of scan results: not Qualys scan results JSON` : err.reason, err.line);
    throw err;
  }
  if (findings === 0 && known === 0) {
    throw new InputError(ctx.path, elements === 0 ? "an empty JSON array, not scan results" : "JSON, but not Qualys scan results: no element is a finding (ip and qid), a scan header or an appendix entry");
  }
  scan.finish();
  return { format: "qualys-scan-json", records: elements, classified: elements - skipped - scan.hosts.skippedRows };
}
