/** The security-risk lines shared by `summarize` and `risk`: the average and the severity counts. */
import type { Summary } from "../../aggregate/summarize.js";
import { totalOf } from "../../model/findings.js";
import { formatCount, formatRisk, plural } from "../../lib/format-number.js";
import { cell, dropInOrder, type Block, type Column } from "./report-model.js";

const LEVELS = [1, 2, 3, 4, 5] as const;

const TOTAL: Column = { title: "Total", align: "right" };
// The total is the sum of the levels, so a narrow terminal can do without it.
const SEVERITY_COLUMNS = dropInOrder([{ title: "Findings" }, ...LEVELS.map((level): Column => ({ title: `Sev ${level}`, align: "right" })), TOTAL], [TOTAL]);

export function averageRiskLine(risk: Summary["risk"]): string {
  if (risk.averageSecurityRisk === null) return "Average security risk: none (no scanned hosts with findings)";
  return `Average security risk: ${formatRisk(risk.averageSecurityRisk)} (method: ${risk.method}, ${plural(risk.activeHosts, "active host")})`;
}

export function riskBlocks(risk: Summary["risk"]): Block[] {
  const blocks: Block[] = [{ kind: "line", text: averageRiskLine(risk) }];
  if (risk.activeHosts === 0) return blocks;
  const kinds = [
    ["Confirmed", risk.severities.confirmed],
    ["Potential", risk.severities.potential],
    ["Information gathered", risk.severities.info],
  ] as const;
  const rows = kinds.map(([label, levels]) => [
    cell(label),
    ...LEVELS.map((level) => cell(formatCount(levels[level - 1] ?? 0))),
    cell(formatCount(totalOf(levels))),
  ]);
  blocks.push({ kind: "grid", grid: { columns: SEVERITY_COLUMNS, rows } });
  const v = risk.vulnStatuses;
  if (v) {
    blocks.push({
      kind: "line",
      text: `Vulnerability status (as the reports state it): ${formatCount(v.new)} new, ${formatCount(v.active)} active, ${formatCount(v.reopened)} re-opened, ${formatCount(v.fixed)} fixed (fixed findings do not count for risk)`,
    });
  }
  return blocks;
}
