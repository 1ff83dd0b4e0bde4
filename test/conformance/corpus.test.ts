/**
 * Conformance against real Qualys files in ../shared/corpus (expectations computed independently
 * of this project). CI has the folder; a clone of the project alone does not, so this skips then.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";
import { expectStderrWarningsOf } from "../helpers/stderr.js";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
const present = existsSync(join(CORPUS, "expected.json"));

interface ExpectedHost {
  ip: string;
  hostname: string | null;
  status: string;
  confirmed: number;
  potential: number;
  info: number;
  securityRisk: number;
}
interface Expected {
  format: string | null;
  root?: string;
  hosts?: ExpectedHost[];
  notScanned?: Record<string, string>;
  statusCounts?: Record<string, number>;
  averageSecurityRisk?: number | null;
}

if (!present) {
  describe("Qualys corpus conformance", () => {
    it.skip(`skipped: ${CORPUS} not present (CI provides ../shared/corpus)`, () => undefined);
  });
} else {
  const expected = JSON.parse(readFileSync(join(CORPUS, "expected.json"), "utf8")) as Record<string, Expected>;
  describe("Qualys corpus conformance", () => {
    for (const [file, exp] of Object.entries(expected)) {
      const path = join(CORPUS, "qualys", file);
      if (exp.format === null) {
        it(`${file}: refused, naming <${exp.root}>`, async () => {
          const r = await runInProcess("summarize", [path], { format: "json" });
          expect(r.code).toBe(2);
          expect(r.stdout).toBe("");
          const lines = r.stderr.trim().split("\n");
          expect(lines).toHaveLength(1);
          expect(lines[0]).toContain(file);
          expect(lines[0]).toContain(`<${exp.root}>`);
          if (exp.root === "SIMPLE_RETURN") {
            const text = /<TEXT>([^<]*)<\/TEXT>/.exec(readFileSync(path, "utf8"))?.[1] ?? "";
            expect(text).not.toBe("");
            expect(lines[0]).toContain(text);
          }
        });
        continue;
      }
      it(`${file}: format, status counts and average risk`, async () => {
        const r = await runInProcess("summarize", [path], { format: "json" });
        expect(r.code).toBe(0);
        const summary = JSON.parse(r.stdout);
        // What the tool noticed reaches stderr too (a CI log), exactly the report's warnings.
        expectStderrWarningsOf(r.stderr, summary);
        expect(summary.inputs[0].format).toBe(exp.format);
        expect(summary.totals.byStatus).toEqual(exp.statusCounts);
        expect(summary.risk.averageSecurityRisk).toBe(exp.averageSecurityRisk);
      });
      it(`${file}: per-host rows`, async () => {
        const r = await runInProcess("hosts", [path], { format: "json" });
        expect(r.code).toBe(0);
        const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
        const byIp = new Map(rows.map((row) => [row.ip, row]));
        for (const h of exp.hosts ?? []) {
          const row = byIp.get(h.ip);
          expect(row, h.ip).toBeDefined();
          expect({
            ip: row?.ip,
            hostname: row?.hostname,
            status: row?.status,
            confirmed: row?.confirmed,
            potential: row?.potential,
            info: row?.info,
            securityRisk: row?.securityRisk,
          }).toEqual({ ip: h.ip, hostname: h.hostname, status: h.status, confirmed: h.confirmed, potential: h.potential, info: h.info, securityRisk: h.securityRisk });
        }
        for (const [ip, status] of Object.entries(exp.notScanned ?? {})) {
          expect(byIp.get(ip)?.status, ip).toBe(status);
          expect(byIp.get(ip)?.securityRisk, ip).toBeNull();
        }
        const total = Object.values(exp.statusCounts ?? {}).reduce((a, b) => a + b, 0);
        expect(rows).toHaveLength(total);
      });
    }
  });
}
