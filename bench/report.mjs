/**
 * The benchmark results as plain-text tables (terminal) and as Markdown (README, bench/results.md).
 * Both are pure functions of the results object built by run.mjs.
 */

const fmt = {
  s: (v) => (v === null || v === undefined ? "-" : v.toFixed(2)),
  ms: (v) => (v === null || v === undefined ? "-" : (v * 1000).toFixed(1)),
  mb: (v) => (v === null || v === undefined ? "-" : (v / 1e6).toFixed(1)),
  ratio: (v) => (v === null || v === undefined ? "-" : `${v.toFixed(2)}x`),
  int: (v) => v.toLocaleString("en-US"),
};

export { fmt };

/**
 * A row may read other bytes than its input's (diff reads both files, summarize one) and say so in
 * `bytes`. A part may add columns: `extraHeads` on the input, `extras` (text cells) on each row.
 */
function inputTable(input) {
  const extraHeads = input.extraHeads ?? [];
  return {
    head: ["tool", "wall s", "MB/s", "peak RSS MB", input.ratioHead ?? "baseline / scantriage", ...extraHeads],
    rows: input.rows.map((r) => [
      r.tool,
      fmt.s(r.wallS),
      r.wallS ? ((r.bytes ?? input.bytes) / 1e6 / r.wallS).toFixed(1) : "-",
      fmt.mb(r.rssBytes),
      fmt.ratio(r.ratio),
      ...extraHeads.map((_, i) => r.extras?.[i] ?? "-"),
    ]),
  };
}

function startupTable(startup) {
  return {
    head: ["command", "median ms", "peak RSS MB", "vs node -e 0"],
    rows: startup.rows.map((r) => [r.command, fmt.ms(r.wallS), fmt.mb(r.rssBytes), fmt.ratio(r.ratio)]),
  };
}

function textTable({ head, rows, align }) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const left = (i) => (align ? align[i] === "l" : i === 0);
  const line = (cells) => cells.map((c, i) => (left(i) ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** `align`: "l" or "r" per column (default: the first left, the others right). */
function markdownTable({ head, rows, align }) {
  const esc = (c) => String(c).replace(/\|/g, "\\|");
  const left = (i) => (align ? align[i] === "l" : i === 0);
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `|${head.map((_, i) => (left(i) ? "---" : "---:")).join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function machineLines(m) {
  return [
    `CPU: ${m.cpu} (${m.cores} cores), memory ${m.memoryGb} GB, ${m.os}`,
    `Node ${m.node}, ${m.python}; peak RSS from ${m.rssSource}`,
    `Load average (1 / 5 / 15 min): ${m.loadStart} at the start, ${m.loadEnd} at the end (other work on the machine skews timings)`,
    ...(m.build ? [`scantriage measured: ${m.build}`] : []),
  ];
}

function goalLines(goals) {
  return goals.map((g) => `[${g.status}] ${g.text}`);
}

export function renderText(res) {
  const out = [];
  out.push("scantriage benchmark", ...machineLines(res.machine), res.configLine, "");
  for (const input of res.inputs) {
    out.push(`== ${input.title}: ${input.file}, ${fmt.mb(input.bytes)} MB (${input.detail})`);
    if (input.explain) out.push(input.explain);
    out.push(textTable(inputTable(input)));
    // Further tables of a part (the report's figures in Chromium): { head, rows }.
    for (const t of input.tables ?? []) out.push("", textTable(t));
    // The goals this part's figures are held to (also under Goals), right under its table.
    for (const g of input.goals ?? []) out.push(`   goal: [${g.status}] ${g.text}`);
    for (const n of input.notes) out.push(`   note: ${n}`);
    for (const p of input.problems) out.push(`!! MISMATCH: ${p}`);
    out.push("");
  }
  if (res.startup) {
    out.push(`== Startup (median of ${res.startup.runs} runs after ${res.startup.warmup} warm-up)`);
    out.push(textTable(startupTable(res.startup)));
    for (const p of res.startup.problems) out.push(`!! FAILED: ${p}`);
    out.push("");
  }
  out.push("== Goals", ...goalLines(res.goals));
  return out.join("\n");
}

export function renderMarkdown(res) {
  const out = [];
  out.push("## Benchmark", "");
  out.push(`Measured with \`npm run bench\` (bench/run.mjs) on ${res.date}. ${res.configLine}`, "");
  out.push(...machineLines(res.machine).map((l) => `- ${l}`), "");
  out.push(
    "MB = 10^6 bytes. Wall time is the median of the runs, peak RSS the highest. The baseline is what a user would otherwise write: " +
      "Python's standard-library `xml.etree.ElementTree.iterparse` with `elem.clear()` (bench/baselines/*_iterparse.py), `csv.DictReader` " +
      "(bench/baselines/scanlog_csv.py, finding_csv.py), or `json.load` of the whole file (bench/baselines/scan_json.py). " +
      "Inputs are generated deterministically and read from the page cache. " +
      "scantriage's answers are checked against the baseline's counts and the generator's before any time is reported.",
    "",
  );
  for (const input of res.inputs) {
    out.push(`### ${input.title}`, "", `\`${input.file}\`, ${fmt.mb(input.bytes)} MB: ${input.detail}.`, "");
    if (input.explain) out.push(input.explain, "");
    out.push(markdownTable(inputTable(input)), "");
    for (const t of input.tables ?? []) out.push(markdownTable(t), "");
    if (input.goals?.length) out.push(...input.goals.map((g) => `- Goal: **${g.status}** ${g.text}`), "");
    for (const n of input.notes) out.push(`Note: ${n}`, "");
    for (const p of input.problems) out.push(`**MISMATCH:** ${p}`, "");
  }
  if (res.startup) {
    out.push("### Startup", "", `Median of ${res.startup.runs} runs after ${res.startup.warmup} warm-up run.`, "");
    out.push(markdownTable(startupTable(res.startup)), "");
    for (const p of res.startup.problems) out.push(`**FAILED:** ${p}`, "");
  }
  out.push("### Goals", "", ...goalLines(res.goals).map((l) => `- ${l}`), "");
  return out.join("\n");
}
