/**
 * The report's own style and script, inline (the file is opened from disk with no network). The
 * Content-Security-Policy allows exactly these two blocks, by hash: nothing else can run or load.
 * The script only reads the host data (JSON in a non-executed <script type="application/json">)
 * and writes it with textContent: data never becomes markup.
 */

export const REPORT_STYLE = `
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe2; --bg: #f6f8fa; --good: #1f7a44; --bad: #b42318; --warn: #9a6700; --info: #2f5d9b; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
header.page { background: #15324f; color: #fff; padding: 28px 40px 22px; }
header.page h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
header.page p { margin: 0; color: #cfdbe8; }
main { padding: 12px 40px 40px; max-width: 1180px; }
h2 { font-size: 20px; margin: 34px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 12px 0; }
@media (max-width: 760px) { .figures { grid-template-columns: repeat(2, 1fr); } }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--bg); }
.figure .value { font-size: 28px; font-weight: 650; display: block; }
.figure .what { color: var(--muted); font-size: 13px; }
.figure.bad .value { color: var(--bad); } .figure.good .value { color: var(--good); } .figure.warn .value { color: var(--warn); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 8px 28px; }
figure.chart { margin: 0 0 16px; display: flex; flex-direction: column-reverse; }
figure.chart figcaption { font-weight: 600; font-size: 16px; margin: 14px 0 6px; }
svg text { font: 14px system-ui, Arial, sans-serif; fill: var(--ink); }
svg text.small { font-size: 11px; } svg text.value { fill: var(--muted); }
rect.bar { fill: #8aa4c0; } rect.bar.good { fill: var(--good); } rect.bar.bad { fill: var(--bad); } rect.bar.warn { fill: #d4a72c; } rect.bar.info { fill: var(--info); } rect.bar.muted { fill: #aab4bf; }
.note { color: var(--muted); font-size: 14px; }
.explain { border-left: 4px solid #d4a72c; background: #fff8e5; padding: 8px 12px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; border: 1px solid var(--line); }
.tag.Scanned { border-color: var(--good); color: var(--good); } .tag.NotScanned { border-color: var(--bad); color: var(--bad); } .tag.Skipped { color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 8px 0; }
.controls label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
.controls input, .controls select, .pager button, th button { font: inherit; padding: 4px 6px; }
th button { border: 0; background: none; font-weight: 600; padding: 0; cursor: pointer; color: inherit; }
.pager { display: flex; gap: 10px; align-items: center; margin: 6px 0; }
ul.warnings li { margin: 4px 0; }
.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
@media print {
  header.page { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
  header.page p { color: var(--muted); }
  main { padding: 0; max-width: none; }
  .controls, .pager, noscript { display: none; }
  table { page-break-inside: auto; table-layout: fixed; } tr { page-break-inside: avoid; } thead { display: table-header-group; }
  th, td { font-size: 11px; padding: 3px 4px; overflow-wrap: anywhere; }
  .charts { grid-template-columns: 1fr 1fr; }
  h2 { page-break-after: avoid; }
  @page { size: A4; margin: 14mm; }
}
`;

export const REPORT_SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hosts-data").textContent);
  var statuses = data.statuses, rows = data.rows, PAGE = 100;
  var body = document.getElementById("hosts-body"), info = document.getElementById("hosts-info");
  var text = document.getElementById("f-text"), cat = document.getElementById("f-category");
  var resp = document.getElementById("f-responsible"), stat = document.getElementById("f-status");
  var prev = document.getElementById("p-prev"), next = document.getElementById("p-next");
  var shown = [], page = 0, sortKey = -1, sortDir = 1, timer = 0;
  function fill(select, values) { values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o); }); }
  function uniq(i) { var seen = {}, out = []; statuses.forEach(function (s) { if (!seen[s[i]]) { seen[s[i]] = 1; out.push(s[i]); } }); return out.sort(); }
  fill(cat, uniq(1)); fill(resp, uniq(2)); fill(stat, uniq(0));
  var hay = rows.map(function (r) { var s = statuses[r[4]]; return (r[0] + " " + r[1] + " " + r[3] + " " + s[0] + " " + s[3] + " " + r[6]).toLowerCase(); });
  function key(r, k) { var s = statuses[r[4]]; switch (k) { case 1: return r[3]; case 2: return s[0]; case 3: return s[1]; case 4: return s[2]; case 5: return s[3]; case 6: return r[5] === null ? -1 : r[5]; default: return 0; } }
  function ip4(s) { var m = /^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$/.exec(s); return m ? ((+m[1] * 256 + +m[2]) * 256 + +m[3]) * 256 + +m[4] : -1; }
  // A whole IPv4 address also finds the range row it falls in (a range row names only its ends).
  function inRange(r, n) { return n >= 0 && r[2] > 1 && ip4(r[0]) <= n && n <= ip4(r[1]); }
  function apply() {
    var q = text.value.trim().toLowerCase(), c = cat.value, p = resp.value, st = stat.value, qn = ip4(q);
    shown = [];
    for (var i = 0; i < rows.length; i++) {
      var s = statuses[rows[i][4]];
      if (c && s[1] !== c) continue; if (p && s[2] !== p) continue; if (st && s[0] !== st) continue;
      if (q && hay[i].indexOf(q) < 0 && !inRange(rows[i], qn)) continue;
      shown.push(i);
    }
    if (sortKey > 0) shown.sort(function (a, b) { var x = key(rows[a], sortKey), y = key(rows[b], sortKey); return (x < y ? -1 : x > y ? 1 : a - b) * sortDir; });
    else if (sortDir < 0) shown.reverse();
    page = 0; draw();
  }
  function cell(tr, value, cls) { var td = document.createElement("td"); td.textContent = value; if (cls) td.className = cls; tr.appendChild(td); }
  function draw() {
    var start = page * PAGE, end = Math.min(shown.length, start + PAGE), frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      var r = rows[shown[i]], s = statuses[r[4]], tr = document.createElement("tr");
      tr.setAttribute("data-ip", r[0]);
      cell(tr, r[0] ? (r[2] > 1 ? r[0] + " \\u2013 " + r[1] + " (" + r[2] + " IPs)" : r[0]) : "(no IP)", "mono");
      cell(tr, r[3]); cell(tr, s[0]); cell(tr, s[1]); cell(tr, s[2]); cell(tr, s[3]);
      cell(tr, r[5] === null ? "" : r[5].toFixed(1), "num"); cell(tr, r[6]);
      frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    info.textContent = shown.length === 0 ? "No host matches these filters." : "Rows " + (start + 1) + "\\u2013" + end + " of " + shown.length + (shown.length < rows.length ? " (filtered from " + rows.length + ")" : "");
    prev.disabled = page === 0; next.disabled = end >= shown.length;
  }
  function later() { clearTimeout(timer); timer = setTimeout(apply, 120); }
  text.addEventListener("input", later);
  [cat, resp, stat].forEach(function (el) { el.addEventListener("change", apply); });
  prev.addEventListener("click", function () { if (page > 0) { page--; draw(); } });
  next.addEventListener("click", function () { if ((page + 1) * PAGE < shown.length) { page++; draw(); } });
  Array.prototype.forEach.call(document.querySelectorAll("#hosts thead button"), function (b) {
    b.addEventListener("click", function () {
      var k = Number(b.getAttribute("data-key"));
      sortDir = sortKey === k ? -sortDir : 1; sortKey = k;
      Array.prototype.forEach.call(document.querySelectorAll("#hosts thead th"), function (th) { th.removeAttribute("aria-sort"); });
      b.parentNode.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      apply();
    });
  });
  document.getElementById("hosts-controls").hidden = false;
  apply();
})();
`;
