/**
 * diff on every Qualys format: a run against itself changes nothing (every finding Active), and a
 * later run without one host makes that host's findings Not re-tested, never Fixed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/iterate/diff.js";

const FX = resolve(import.meta.dirname, "../fixtures");
const dir = mkdtempSync(join(tmpdir(), "scantriage-diff-formats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutLines = (ip: string) => (text: string) =>
  text
    .split("\n")
    .filter((l) => !l.includes(`"${ip}"`) && !l.startsWith(`${ip},`))
    .join("\n");
const withoutScanHost = (ip: string) => (text: string) => text.replace(new RegExp(`<IP value="${ip.replace(/\./g, "\\.")}"[\\s\\S]*?</IP>\\n?`), "");
const withoutHostElement = (ip: string) => (text: string) =>
  text.replace(new RegExp(`<HOST>(?:(?!</HOST>)[\\s\\S])*?<IP[^>]*>${ip.replace(/\./g, "\\.")}</IP>[\\s\\S]*?</HOST>\\s*`), "");
const withoutJsonHost = (ip: string) => (text: string) => JSON.stringify((JSON.parse(text) as { ip?: string }[]).filter((o) => o.ip !== ip));

const CASES: readonly [string, string, (ip: string) => (text: string) => string][] = [
  ["qualys/breakdown-scan.xml", "10.60.0.1", withoutScanHost],
  ["qualys/breakdown-asset-report.xml", "10.60.0.1", withoutHostElement],
  ["qualys/breakdown-detections.xml", "10.60.0.5", withoutHostElement],
  ["qualys-exports/report-quirks.csv", "10.1.0.1", withoutLines],
  ["qualys-exports/vmdr-quirks.csv", "10.2.0.1", withoutLines],
  ["qualys-exports/pci-types.csv", "192.168.5.1", withoutLines],
  ["qualys-exports/scan-results.json", "10.5.1.1", withoutJsonHost],
  ["qualys-exports/scan-results.csv", "10.8.0.1", withoutLines],
];

describe.each(CASES)("diff of %s", (fixture, ip, drop) => {
  const path = join(FX, fixture);

  it("against itself: nothing changed, every finding active", async () => {
    const outcome = await compareRuns({ runs: [path, path] });
    if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("; "));
    const f = outcome.steps[0]?.findings;
    expect(f?.counts.active).toBeGreaterThan(0);
    expect(f?.counts).toMatchObject({ new: 0, fixed: 0, reopened: 0, removedIg: 0, notRetested: 0 });
    expect(outcome.steps[0]?.ips).toMatchObject({ resolved: 0, regressed: 0, new: 0, gone: 0, changed: 0 });
  });

  it(`without ${ip} later: its findings are not re-tested, never fixed`, async () => {
    const later = join(dir, `later-${basename(fixture)}`);
    const text = readFileSync(path, "utf8");
    const changed = drop(ip)(text);
    expect(changed).not.toBe(text);
    writeFileSync(later, changed);
    const outcome = await compareRuns({ runs: [path, later] });
    if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("; "));
    const mine = [...outcome.findingDeltas()].filter((d) => d.ip === ip);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((d) => d.change))).toEqual(new Set(["notRetested"]));
    const host = [...outcome.deltas()].find((d) => d.first === ip);
    // Gone from the file, or (scan results with a target list) in the target without results now.
    expect(["gone", "regressed"]).toContain(host?.change);
  });
});
