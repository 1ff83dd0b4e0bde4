/// <reference lib="dom" />
/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core with the system
 * binary): no console error, no network request, the key figures equal the JSON summary, filters
 * change the visible rows, hostile text shows as text and runs nothing, axe-core finds no serious
 * violation, and a screenshot is written. Without a browser these tests are skipped, saying so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/scantriage.cjs");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = join(ROOT, "test-results");
const hasBrowser = existsSync(CHROMIUM);

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

interface Opened {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

if (!hasBrowser) {
  describe("HTML report in a browser", () => {
    it.skip(`skipped: no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; set CHROMIUM_PATH to use another)`, () => undefined);
  });
} else {
  describe("HTML report in a browser", () => {
    let browser: Browser;
    const dir = mkdtempSync(join(tmpdir(), "scantriage-report-"));

    beforeAll(async () => {
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    function report(inputs: string[], name: string): string {
      const out = join(dir, `${name}.html`);
      const r = cli(["report", ...inputs, "-o", out]);
      expect(r.status, r.stderr).toBe(0);
      return out;
    }

    async function open(file: string): Promise<Opened> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("dialog", (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      return { page, errors, requests };
    }

    it.each([
      ["examples/qualys-scan.xml", "qualys-scan"],
      ["examples/scan-log.csv", "scan-log"],
    ])("%s: no console error, no network request, key figures equal the JSON summary, a screenshot", async (input, name) => {
      const { page, errors, requests } = await open(report([input], name));
      const summary = JSON.parse(cli(["summarize", input, "--json"]).stdout) as {
        totals: { ips: number; byCategory: Record<string, number>; byResponsible: Record<string, number> };
        risk: { averageSecurityRisk: number | null };
        authFailures: { count: number };
      };
      const figure = async (n: string) => page.locator(`[data-figure="${n}"]`).getAttribute("data-value");
      expect(await figure("ips")).toBe(String(summary.totals.ips));
      expect(await figure("scanned")).toBe(String(summary.totals.byCategory.Scanned));
      expect(await figure("notScanned")).toBe(String(summary.totals.byCategory["Not Scanned"]));
      expect(await figure("skipped")).toBe(String(summary.totals.byCategory.Skipped));
      expect(await figure("customer")).toBe(String(summary.totals.byResponsible.Customer));
      expect(await figure("serviceProvider")).toBe(String(summary.totals.byResponsible.ServiceProvider));
      expect(await figure("averageSecurityRisk")).toBe(summary.risk.averageSecurityRisk === null ? "" : String(summary.risk.averageSecurityRisk));
      expect(await figure("authFailures")).toBe(String(summary.authFailures.count));
      // Every chart is an image with a title.
      const charts = page.locator('svg[role="img"]');
      expect(await charts.count()).toBeGreaterThan(2);
      for (const svg of await charts.all()) expect(await svg.locator("title").count()).toBe(1);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `report-${name}.png`), fullPage: true });
      expect(existsSync(join(SCREENSHOTS, `report-${name}.png`))).toBe(true);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });

    it("filters change the visible rows; every row has data-ip", async () => {
      const { page, errors } = await open(report(["examples/scan-log.csv"], "filters"));
      const rows = page.locator("#hosts-body tr");
      const all = await rows.count();
      expect(all).toBeGreaterThan(5);
      await page.selectOption("#f-category", "Scanned");
      const scanned = await rows.count();
      expect(scanned).toBeGreaterThan(0);
      expect(scanned).toBeLessThan(all);
      for (const cell of await page.locator("#hosts-body tr td:nth-child(4)").allTextContents()) expect(cell).toBe("Scanned");
      await page.selectOption("#f-category", "");
      await page.fill("#f-text", "10.0.0.1");
      await page.waitForFunction(() => document.querySelectorAll("#hosts-body tr").length < 5);
      for (const ip of await page.locator("#hosts-body tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-ip")))) expect(ip).toContain("10.0.0.1");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("an address inside a range row finds that row", async () => {
      const { page } = await open(report(["examples/qualys-scan.xml"], "range-search"));
      // examples/qualys-scan.xml has 10.20.0.6 - 10.20.0.11 as one row (not scanned).
      await page.fill("#f-text", "10.20.0.8");
      await page.waitForFunction(() => document.querySelectorAll("#hosts-body tr").length === 1);
      expect(await page.locator("#hosts-body tr").first().getAttribute("data-ip")).toBe("10.20.0.6");
      await page.close();
    });

    it("hostile names and messages show as text and run nothing", async () => {
      const { page, errors, requests } = await open(report(["test/fixtures/report/hostile-names.csv"], "hostile"));
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.locator("body svg[onload]").count()).toBe(0);
      const text = await page.locator("main").innerText();
      expect(text).toContain('<img src=x onerror="window.__pwned=1">');
      expect(text).toContain("</script><script>window.__pwned=3</script>");
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });

    it("diff --format html: the later run's report with what changed after its key figures", async () => {
      const out = join(dir, "diff.html");
      const r = cli(["diff", "test/fixtures/iterations/round1.csv", "test/fixtures/iterations/round2", "--format", "html", "-o", out]);
      expect(r.status, r.stderr).toBe(0);
      const { page, errors, requests } = await open(out);
      expect(await page.locator('[data-figure="ips"]').getAttribute("data-value")).toBe("7");
      const sections = await page.locator("main > section > h2").allTextContents();
      expect(sections.indexOf("What changed")).toBe(sections.indexOf("Key figures") + 1);
      expect(await page.locator("#h-changes ~ table").first().innerText()).toContain("Regressed (scanned before, not now)");
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });

    it("prints on A4 without cut tables: in print media at A4's width, nothing is wider than the page", async () => {
      const { page } = await open(report(["examples/qualys-scan.xml"], "print"));
      // A4 (210 mm) less 2 x 14 mm margins is about 690 CSS pixels.
      await page.setViewportSize({ width: 690, height: 1000 });
      await page.emulateMedia({ media: "print" });
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll("table, figure, svg, section")).filter((e) => e.getBoundingClientRect().right > 690).map((e) => e.tagName + (e.id ? `#${e.id}` : "")));
      expect(wide).toEqual([]);
      await page.close();
    });

    it("axe-core finds no serious or critical violation", async () => {
      const { page } = await open(report(["examples/qualys-scan.xml"], "axe"));
      const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
      // The report's CSP forbids foreign scripts: axe is evaluated through the driver, not injected as a tag.
      await page.evaluate(axe);
      const result = await page.evaluate(async () => {
        const run = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run;
        const r = await run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(result.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
      await page.close();
    });
  });
}

describe("report: bad output path", () => {
  it("an unwritable -o path is exit 2 with no half-written file", () => {
    const dir = mkdtempSync(join(tmpdir(), "scantriage-report-out-"));
    const blocked = join(dir, "not-a-dir");
    writeFileSync(blocked, "a file, not a directory");
    const target = join(blocked, "report.html");
    const r = cli(["report", "examples/scan-log.csv", "-o", target]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(target)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
