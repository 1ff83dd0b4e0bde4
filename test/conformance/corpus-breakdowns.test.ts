/**
 * The OS and services breakdowns of real Qualys files in ../shared/corpus. expected.json says
 * nothing about them, so these are plausibility checks against what the files visibly hold.
 * Skips without the corpus, like corpus.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { runInProcess } from "../helpers/run-in-process.js";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus/qualys");
const present = existsSync(join(CORPUS, "adr_defectdojo_training_sample.xml"));

async function breakdownsOf(file: string): Promise<Summary["breakdowns"]> {
  const r = await runInProcess("summarize", [join(CORPUS, file)], { format: "json" });
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as Summary).breakdowns;
}

describe.skipIf(!present)("breakdowns of real Qualys files (../shared/corpus/qualys)", () => {
  it("asset report: every one of its 7 hosts has 45017 and services; the first OS row of each counted", async () => {
    const text = readFileSync(join(CORPUS, "adr_defectdojo_training_sample.xml"), "utf8");
    // Seven hosts and the glossary entry.
    expect(text.match(/qid_45017">45017</g)).toHaveLength(8);
    const b = await breakdownsOf("adr_defectdojo_training_sample.xml");
    expect(b.os.hosts).toBe(7);
    expect(b.os.entries[0]).toEqual({ name: "Ubuntu / Tiny Core Linux / Linux 2.6.x", hosts: 3 });
    expect(b.os.entries.reduce((n, e) => n + e.hosts, 0)).toBe(7);
    // A later row of a 45017 table (another technique's opinion) is not an OS of its own.
    expect(b.os.entries.map((e) => e.name)).not.toContain("x86 64 Linux/2.6.32-200.20.1.el5uek");
    expect(b.services.hosts).toBe(7);
    expect(b.services.entries[0]).toEqual({ port: 123, protocol: "udp", service: "ntp", hosts: 6 });
    expect(b.services.entries.at(-1)).toMatchObject({ port: null, protocol: null, service: "Other" });
  });

  it("SCAN with 45017 under SERVICES and full TCP / UDP tables", async () => {
    const b = await breakdownsOf("scan_xorcism_v1api_keepalive_header_last.xml");
    expect(b.os.entries).toEqual([{ name: "Solaris 9-10", hosts: 1 }]);
    expect(b.services.entries).toContainEqual({ port: 111, protocol: "tcp", service: "rpc", hosts: 1 });
    expect(b.services.entries).toContainEqual({ port: 7, protocol: "udp", service: "echo", hosts: 1 });
  });

  it("SCAN whose 82023 / 82004 results are placeholders ('some output') and no 45017: both explained", async () => {
    const b = await breakdownsOf("scan_defectdojo_webgui_multiple.xml");
    expect(b.os.missing?.code).toBe("qualys.noOsQid");
    expect(b.services.missing?.code).toBe("qualys.noServiceResult");
  });
});
