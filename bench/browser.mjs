/**
 * The report part's browser step: open a written report in headless Chromium (playwright-core with
 * the system binary, as test/e2e/report-browser.test.ts does) and measure what a reader waits for:
 * the first page of host rows drawn, a category filter, a text filter and a sort redrawn, and how
 * long the main thread is blocked (PerformanceObserver "longtask", installed before the page's own
 * script; and the round trip of a trivial page.evaluate issued while each action runs). Checks on
 * the way: no page error, no console error, no request that is not file:, the host table's row
 * counts, and rows that match the filters.
 */
// Functions passed to page.evaluate / addInitScript / waitForFunction run in the page:
/* global window, document, PerformanceObserver, MutationObserver, requestAnimationFrame, setTimeout */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** Why the browser step cannot run here (null when it can). */
export async function browserUnavailable(env = process.env) {
  const exe = chromiumPath(env);
  if (!existsSync(exe)) return `no Chromium at ${exe} (Debian / Ubuntu: apt-get install chromium; or set CHROMIUM_PATH)`;
  try {
    await import("playwright-core");
  } catch (err) {
    return `playwright-core cannot be loaded (npm ci installs it): ${err.message}`;
  }
  return null;
}

/** Milliseconds between the responsiveness probe's page.evaluate calls (back to back they would load a 2-core machine). */
const PROBE_GAP_MS = 10;

/**
 * Runs in the page before any of its own script (page.addInitScript; the page's Content-Security-
 * Policy does not apply to it): long tasks (buffered, so none is missed), and the moment
 * #hosts-body first has a row, then the end of the frame after it (the rows painted).
 */
function initScript() {
  const b = { longTasks: [], firstRows: null, firstFrame: null, longTaskError: null, lastEvent: null };
  window.__bench = b;
  // The moment of the user's last input, before the page's own handlers (capture on the document).
  for (const type of ["input", "change", "click"]) document.addEventListener(type, () => (b.lastEvent = performance.now()), true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (err) {
    b.longTaskError = String(err);
  }
  const mo = new MutationObserver(() => {
    const body = document.getElementById("hosts-body");
    if (!body || !body.firstElementChild) return;
    b.firstRows = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => setTimeout(() => (b.firstFrame = performance.now()), 0));
  });
  mo.observe(document, { childList: true, subtree: true });
}

const INFO_RE = /of ([\d,]+)/;

/** "Rows 1–100 of 100000 (filtered from ...)" -> 100000; "No host matches" -> 0; else null. */
export function infoCount(text) {
  if (/^No host matches/.test(text)) return 0;
  const m = INFO_RE.exec(text);
  return m ? Number(m[1].replace(/,/g, "")) : null;
}

function median(values) {
  const v = values.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Several runs' figures as one: the median of each time, the highest of each `longest...`, the rest from the last run. */
function combine(list) {
  const out = {};
  for (const [k, v] of Object.entries(list[list.length - 1])) {
    if (typeof v === "number") out[k] = k.startsWith("longest") ? Math.max(...list.map((f) => f[k])) : median(list.map((f) => f[k]));
    else if (v && typeof v === "object" && !Array.isArray(v)) out[k] = combine(list.map((f) => f[k]));
    else out[k] = v;
  }
  return out;
}

/**
 * Open `file` `runs` times (each in a fresh browser context of one Chromium) and measure.
 * `expect`: { rows (host-table rows in the embedded data), notScannedRows (rows of category Not
 * Scanned, or null when unknown), query (text filter), queryRows (rows it must match, or null),
 * queryPrefix (every matching row's data-ip starts with it) }. Returns { figures (times in
 * seconds: medians of the runs; longest tasks: the highest), perRun, problems, notes }.
 */
export async function measureReportInBrowser(file, expect, { runs = 1, env = process.env, timeoutMs = 180_000 } = {}) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(env), args: CHROMIUM_ARGS });
  const perRun = [];
  const problems = new Set();
  const notes = new Set();
  try {
    for (let i = 0; i < runs && problems.size === 0; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const r = await measureOnce(await context.newPage(), file, expect, timeoutMs);
        perRun.push(r.figures);
        for (const p of r.problems) problems.add(p);
        for (const n of r.notes) notes.add(n);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { figures: combine(perRun), perRun, problems: [...problems], notes: [...notes] };
}

/** One opening of the report in `page`: { figures, problems, notes }. */
async function measureOnce(page, file, expect, timeoutMs) {
  const problems = [];
  const notes = [];
  const figures = {};
  {
    page.setDefaultTimeout(timeoutMs);
    const errors = [];
    const requests = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e}`));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.addInitScript(initScript);

    const now = () => performance.now() / 1000;
    const t0 = now();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: timeoutMs });
    figures.gotoLoadS = now() - t0;
    await page.waitForFunction(() => window.__bench.firstFrame !== null, null, { polling: "raf", timeout: timeoutMs });
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        loadEnd: nav ? nav.loadEventEnd : null,
        firstRows: window.__bench.firstRows,
        firstFrame: window.__bench.firstFrame,
        boundary: performance.now(),
        longTaskError: window.__bench.longTaskError,
        info: document.getElementById("hosts-info").textContent,
        bodyRows: document.getElementById("hosts-body").rows.length,
      };
    });
    figures.domContentLoadedS = load.domContentLoaded / 1000;
    figures.loadS = load.loadEnd / 1000;
    figures.firstRowsS = load.firstRows / 1000;
    figures.firstFrameS = load.firstFrame / 1000;
    if (load.longTaskError) notes.push(`no long-task timing in this Chromium: ${load.longTaskError}`);
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      const { metrics } = await cdp.send("Performance.getMetrics");
      figures.jsHeapBytes = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? null;
      figures.domNodes = metrics.find((m) => m.name === "Nodes")?.value ?? null;
      await cdp.detach();
    } catch (err) {
      notes.push(`no heap figure: ${err.message}`);
    }

    const total = infoCount(load.info);
    figures.tableRows = total;
    if (total !== expect.rows) problems.push(`host table after load: #hosts-info says "${load.info}", expected ${expect.rows} rows (the embedded data's)`);
    if (load.bodyRows !== Math.min(100, expect.rows)) problems.push(`host table after load: ${load.bodyRows} rows drawn in #hosts-body, expected ${Math.min(100, expect.rows)} (one page)`);

    /**
     * One user action, timed until `done` holds in the page (by default: #hosts-info has changed;
     * `done` returns performance.now() then, else 0), checked at each frame (polling "raf": the redraw is on screen at that frame). `pageS`: in the
     * page, from the input event (before the page's handlers) to that frame; `wallS`: from Node,
     * from the Playwright call (which first waits for the element to be actionable) to the
     * answer. Beside it a trivial page.evaluate is sent every PROBE_GAP_MS, and the longest of its
     * round trips says how long the page could not answer.
     */
    const infoChanged = (b) => (document.getElementById("hosts-info").textContent !== b ? performance.now() : 0);
    async function timed(action, done = infoChanged) {
      const before = await page.textContent("#hosts-info");
      let probing = true;
      let probeMax = 0;
      const probe = (async () => {
        while (probing) {
          const p0 = now();
          await page.evaluate(() => 0);
          probeMax = Math.max(probeMax, now() - p0);
          await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
        }
      })();
      await page.evaluate(() => (window.__bench.lastEvent = null));
      const a0 = now();
      await action();
      const handle = await page.waitForFunction(done, before, { polling: "raf", timeout: timeoutMs });
      const wallS = now() - a0;
      const frameAt = await handle.jsonValue();
      probing = false;
      await probe;
      const after = await page.evaluate(() => ({
        eventAt: window.__bench.lastEvent,
        info: document.getElementById("hosts-info").textContent,
        rows: Array.from(document.getElementById("hosts-body").rows, (tr) => ({ ip: tr.getAttribute("data-ip"), cells: Array.from(tr.cells, (td) => td.textContent) })),
      }));
      const pageS = after.eventAt === null ? null : (frameAt - after.eventAt) / 1000;
      return { pageS, wallS, probeS: probeMax, info: after.info, count: infoCount(after.info), rows: after.rows };
    }
    /** The figures of a step, without its drawn rows. */
    function figure(step) {
      const { rows: _rows, ...rest } = step;
      return rest;
    }

    // Category filter: Not Scanned.
    const cat = await timed(() => page.selectOption("#f-category", "Not Scanned"));
    figures.category = figure(cat);
    if (cat.rows.some((r) => r.cells[3] !== "Not Scanned")) problems.push(`category filter "Not Scanned": a drawn row has another category (${cat.rows.find((r) => r.cells[3] !== "Not Scanned").cells[3]})`);
    if (expect.notScannedRows !== null && cat.count !== expect.notScannedRows) problems.push(`category filter "Not Scanned": #hosts-info says "${cat.info}", expected ${expect.notScannedRows} rows`);
    // Back to every category (a redraw of every row: timed too), then the text filter.
    const clear = await timed(() => page.selectOption("#f-category", ""));
    figures.clear = figure(clear);
    if (clear.count !== expect.rows) problems.push(`category filter cleared: #hosts-info says "${clear.info}", expected ${expect.rows} rows`);
    const txt = await timed(() => page.fill("#f-text", expect.query));
    figures.text = figure(txt);
    if (expect.queryRows !== null && txt.count !== expect.queryRows) problems.push(`text filter "${expect.query}": #hosts-info says "${txt.info}", expected ${expect.queryRows} rows`);
    if (txt.count === 0 || txt.count === null) problems.push(`text filter "${expect.query}": no row matches ("${txt.info}")`);
    const stray = txt.rows.find((r) => !String(r.ip).startsWith(expect.queryPrefix));
    if (stray) problems.push(`text filter "${expect.query}": a drawn row is ${stray.ip}`);
    // Sort every row by Status (the text filter emptied first, untimed: the same work as `clear`).
    // A sort keeps #hosts-info: it is done when the header says aria-sort (set in the same task).
    await page.fill("#f-text", "");
    await page.waitForFunction((n) => document.getElementById("hosts-info").textContent === n, clear.info, { polling: "raf", timeout: timeoutMs });
    const sort = await timed(
      () => page.click('#hosts thead button[data-key="2"]'),
      () => (document.querySelector('#hosts thead button[data-key="2"]').parentNode.getAttribute("aria-sort") === "ascending" ? performance.now() : 0),
    );
    figures.sort = figure(sort);
    const sorted = sort.rows.map((r) => r.cells[2]);
    if (sort.count !== expect.rows || sorted.some((v, i) => i > 0 && v < sorted[i - 1])) problems.push(`sort by Status: "${sort.info}", drawn statuses ${[...new Set(sorted)].join(", ")} (expected ${expect.rows} rows in ascending order)`);

    // Long-task entries reach the observer in a task of their own: let them arrive.
    await page.waitForTimeout(250);
    const tasks = await page.evaluate(() => window.__bench.longTasks);
    const during = tasks.filter((t) => t.start < load.boundary);
    const after = tasks.filter((t) => t.start >= load.boundary);
    figures.longTasks = tasks.length;
    figures.longestLoadTaskS = during.length ? Math.max(...during.map((t) => t.duration)) / 1000 : 0;
    figures.longestAfterLoadTaskS = after.length ? Math.max(...after.map((t) => t.duration)) / 1000 : 0;
    figures.longTaskTimingAvailable = !load.longTaskError;

    for (const e of errors) problems.push(`in Chromium: ${e}`);
    for (const u of requests) problems.push(`in Chromium: a request that is not file: ${u}`);
    figures.requests = requests.length;
    figures.errors = errors.length;
  }
  return { figures, problems, notes };
}
