/**
 * One SCAN or detection list cut into parts (split-host-list.ts) gives exactly what one pass gives: the same observations
 * in the same order with the same lines, the same warnings and counts, whatever the cuts, also
 * when a cut lands in a comment or a CDATA section (`<IP value=` quoted in a result), in another
 * encoding, or the file has a part that is not well-formed. The parts run in this thread here
 * (the same RecordingSink and replay as on a worker thread); test/e2e/fleets.test.ts runs workers.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/aggregate/summarize.js";
import { iterateRows } from "../../src/aggregate/host-row.js";
import type { ReadSettings } from "../../src/pipeline/read-input.js";
import type { FragmentRunner } from "../../src/formats/split-parts.js";
import { LocalRunner, triageOf } from "../fixtures/split/local-runner.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus/qualys");


interface Read {
  readonly summary: unknown;
  readonly rows: unknown[];
  readonly findings: number;
  readonly skipped: unknown;
  readonly error: string | null;
}

async function read(path: string, runner: (t: Taxonomy, s: ReadSettings) => FragmentRunner | null, keepDetails: boolean): Promise<Read & { runner: FragmentRunner | null }> {
  const taxonomy = new Taxonomy();
  const settings: ReadSettings = { forced: null, keepDetails, keepFindings: true, groupColumn: null, splitMinBytes: 0 };
  const r = runner(taxonomy, settings);
  const { triage: t, report, error } = await triageOf(path, r, taxonomy, settings);
  return { summary: summarize(t, "average"), rows: [...iterateRows(t, "average")], findings: t.findings?.size ?? 0, skipped: report.skipped, error, runner: r };
}

/** A SCAN whose `<IP` candidates are often not hosts: quoted in CDATA results, in comments. */
function hostileScan(hosts: number, encoding = "UTF-8"): string {
  const out = [
    `<?xml version="1.0" encoding="${encoding}"?>\n<!DOCTYPE SCAN SYSTEM "scan-1.dtd">\n<SCAN value="scan/1">\n<HEADER>\n`,
    `<KEY value="DATE">2024-11-18T22:36:07Z</KEY>\n<KEY value="TARGET"><![CDATA[10.1.0.0/20, 192.168.9.9]]></KEY>\n<KEY value="STATUS">FINISHED</KEY>\n<KEY value="NBHOST_ALIVE">${hosts}</KEY>\n</HEADER>\n`,
  ];
  for (let i = 0; i < hosts; i++) {
    const ip = `10.1.${i >> 8}.${i & 255}`;
    if (i % 7 === 3) out.push(`<!-- <IP value="10.9.9.9"> keep-alive ${i} -->\n`);
    if (i % 11 === 5) {
      out.push(`<IP value="${ip}" name="down-${i}" status="down"/>\n`);
      continue;
    }
    if (i % 13 === 6) out.push(`<IP value="not-an-ip-${i}">\n</IP>\n`);
    out.push(`<IP value="${ip}" name="host-${i}.example">\n  <OS><![CDATA[Linux ${i % 3}]]></OS>\n  <INFOS><CAT value="x">\n`);
    out.push(`    <INFO number="45017" severity="2"><TITLE><![CDATA[Operating System Detected]]></TITLE><RESULT><![CDATA[Operating System\tTechnique\nLinux ${i % 3}\tTCP/IP\n<IP value="10.8.8.8">\n</IP>\n]]></RESULT></INFO>\n`);
    out.push(`  </CAT></INFOS>\n  <SERVICES><CAT value="TCP/IP"><SERVICE number="82023" severity="1"><TITLE>Open TCP Services List</TITLE><RESULT format="table"><![CDATA[Port\tIANA\tDescription\tService Detected\n22\tssh\tSSH\tssh\n${8000 + (i % 5)}\thttp\tweb\thttp]]></RESULT></SERVICE></CAT></SERVICES>\n`);
    out.push(`  <VULNS><CAT value="web" port="${80 + (i % 3)}" protocol="tcp">\n`);
    for (let v = 0; v < 1 + (i % 4); v++) out.push(`    <VULN number="${38000 + v + (i % 5)}" severity="${1 + ((i + v) % 5)}"><TITLE><![CDATA[Vuln ${v} <IP value="1.2.3.4"> caf\u00e9]]></TITLE><RESULT><![CDATA[<IP value="${ip}">${v === 1 ? `</IP>\n<IP value="10.7.7.7">` : ""}]]></RESULT></VULN>\n`);
    if (i % 9 === 4) out.push(`    <VULN number="105015" severity="2"><TITLE>Windows Authentication Failed</TITLE></VULN>\n`);
    out.push(`  </CAT></VULNS>\n</IP>\n`);
  }
  out.push(`</SCAN>\n<!-- CONFIDENTIAL <IP value="7.7.7.7"> -->\n`);
  return out.join("");
}

const dir = mkdtempSync(join(tmpdir(), "scantriage-split-"));
function file(name: string, text: string, encoding: BufferEncoding = "utf8"): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(text, encoding));
  return path;
}

/** A detection list whose `<HOST` candidates are often not hosts, with IDs out of order and bad detections. */
function hostileDetections(hosts: number): string {
  const out = [`<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE HOST_LIST_VM_DETECTION_OUTPUT SYSTEM "x.dtd">\n<HOST_LIST_VM_DETECTION_OUTPUT>\n  <RESPONSE>\n    <DATETIME>2024-11-19T08:00:00Z</DATETIME>\n    <HOST_LIST>\n`];
  for (let i = 0; i < hosts; i++) {
    if (i % 9 === 2) out.push(`      <!-- </HOST> <HOST> -->\n`);
    out.push(`      <HOST>\n        <ID>${1000 + ((i * 7919) % hosts)}</ID>\n        <IP>10.2.${i >> 8}.${i & 255}</IP>\n        <DNS><![CDATA[h${i}.example]]></DNS>\n`);
    if (i % 5 !== 1) out.push(`        <LAST_VM_SCANNED_DATE>2024-11-${10 + (i % 9)}T00:00:00Z</LAST_VM_SCANNED_DATE>\n`);
    out.push(`        <DETECTION_LIST>\n`);
    for (let d = 0; d < 1 + (i % 3); d++) {
      const qid = i % 10 === 7 && d === 0 ? "105015" : i % 17 === 3 ? "x" : String(45000 + d);
      out.push(`          <DETECTION><QID>${qid}</QID><TYPE>${["Confirmed", "Potential", "Info"][d % 3]}</TYPE>${i % 13 === 4 ? "" : `<SEVERITY>${1 + ((i + d) % 5)}</SEVERITY>`}<STATUS>${d === 2 ? "Fixed" : "Active"}</STATUS><RESULTS><![CDATA[${i % 4 === 0 ? "</HOST>\n<HOST>\n" : "-"}]]></RESULTS></DETECTION>\n`);
    }
    out.push(`        </DETECTION_LIST>\n      </HOST>\n`);
  }
  out.push(`    </HOST_LIST>\n    <WARNING><CODE>1980</CODE><TEXT>more</TEXT><URL><![CDATA[https://qualysapi.example/api/2.0/fo/asset/host/vm/detection/?action=list&id_min=99999]]></URL></WARNING>\n  </RESPONSE>\n</HOST_LIST_VM_DETECTION_OUTPUT>\n`);
  return out.join("");
}

const CASES: [string, string][] = [
  ["hostile detection list", file("detections.xml", hostileDetections(500))],
  ["hostile, utf-8", file("hostile.xml", hostileScan(400))],
  ["hostile, ISO-8859-1", file("latin1.xml", hostileScan(300, "ISO-8859-1"), "latin1")],
  ["CRLF line ends", file("crlf.xml", hostileScan(200).replace(/\n/g, "\r\n"))],
  ["the example", join(ROOT, "examples/qualys-scan.xml")],
  ...readdirSync(CORPUS)
    .filter((f) => f.startsWith("scan_") || f.startsWith("hld_"))
    .map((f): [string, string] => [f, join(CORPUS, f)]),
];

describe("a SCAN or detection list read in parts", () => {
  it.each(CASES)("%s: the same triage as one pass, for 1 to 6 workers", async (_name, path) => {
    for (const keepDetails of [true, false]) {
      const whole = await read(path, () => null, keepDetails);
      for (const workers of [1, 2, 3, 6]) {
        const split = await read(path, (t, s) => new LocalRunner(workers, t, s), keepDetails);
        expect(split.error).toBe(whole.error);
        expect(split.summary).toEqual(whole.summary);
        expect(split.rows).toEqual(whole.rows);
        expect(split.findings).toBe(whole.findings);
        expect(split.skipped).toEqual(whole.skipped);
      }
    }
  });

  it.each([0, 1])("uses the parts that end between two hosts and reads the others itself (case %i)", async (c) => {
    const path = CASES[c]?.[1] as string;
    let used = 0;
    let refused = 0;
    for (const workers of [1, 2, 3, 4, 5, 6, 7]) {
      const split = await read(path, (t, s) => new LocalRunner(workers, t, s), false);
      used += (split.runner as LocalRunner).used;
      refused += (split.runner as LocalRunner).refused;
    }
    // Cuts at a quoted `<IP` happen (the file is full of them), and so do good ones.
    expect(used).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(0);
  });

  it("parts parsed ahead here while the workers are slow: the same triage as one pass", async () => {
    const path = CASES[1]?.[1] as string;
    const whole = await read(path, () => null, false);
    let here = 0;
    for (const workers of [1, 2, 3]) {
      const split = await read(path, (t, s) => new LocalRunner(workers, t, s, 30, 2048), false);
      expect(split.summary).toEqual(whole.summary);
      expect(split.rows).toEqual(whole.rows);
      expect(split.skipped).toEqual(whole.skipped);
      here += (split.runner as LocalRunner).here;
    }
    expect(here).toBeGreaterThan(0);
  });

  it("a host that is not well-formed in the middle: the same error, with the same line, as one pass", async () => {
    const text = hostileScan(300);
    const at = text.indexOf('<IP value="10.1.0.150"');
    const broken = file("broken.xml", `${text.slice(0, at)}<IP value="10.1.0.150" name=oops>${text.slice(at + 100)}`);
    const whole = await read(broken, () => null, false);
    expect(whole.error).toMatch(/broken\.xml:\d+: malformed XML/);
    for (const workers of [1, 2, 3]) {
      const split = await read(broken, (t, s) => new LocalRunner(workers, t, s), false);
      expect(split.error).toBe(whole.error);
    }
  });
});
