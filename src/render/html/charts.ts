/**
 * Charts as inline SVG: they show without JavaScript, print, and carry a <title> and a text
 * alternative that states every number (colour is never the only signal: each bar is labelled).
 */
import { formatCount } from "../../lib/format-number.js";
import { esc } from "./html-text.js";

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A CSS class for the bar's colour (tone), e.g. "good", "bad", "warn", "muted". */
  readonly tone?: string;
  /** Shown after the value (e.g. "42.0%"). */
  readonly note?: string;
}

const ROW = 28;
const LABEL_WIDTH = 210;
const BAR_WIDTH = 220;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 100;

/** Horizontal bars, one per entry, labelled with the value. */
export function barChart(id: string, title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const rows = bars
    .map((b, i) => {
      const y = i * ROW + 4;
      const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * BAR_WIDTH));
      const label = b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label;
      return (
        `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end" class="label">${esc(label)}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="${ROW - 8}" class="bar ${esc(b.tone ?? "")}"></rect>` +
        `<text x="${LABEL_WIDTH + w + 6}" y="${y + 16}" class="value">${esc(formatCount(b.value))}${b.note ? ` (${esc(b.note)})` : ""}</text>`
      );
    })
    .join("");
  const alt = bars.map((b) => `${b.label}: ${formatCount(b.value)}${b.note ? ` (${b.note})` : ""}`).join("; ");
  return (
    `<figure class="chart" id="${esc(id)}">` +
    `<svg role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(alt)}</desc>${rows}</svg>` +
    `<figcaption>${esc(title)}</figcaption></figure>`
  );
}

/** Grouped columns: one group per label (e.g. severity 1-5), one column per series (kinds). */
export function groupedColumns(id: string, title: string, groups: readonly string[], series: readonly { name: string; tone: string; values: readonly number[] }[]): string {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const groupWidth = 110;
  const colWidth = Math.floor((groupWidth - 20) / Math.max(1, series.length));
  const chartHeight = 160;
  const width = groups.length * groupWidth + 40;
  const height = chartHeight + 74;
  const cols = groups
    .map((g, gi) =>
      series
        .map((s, si) => {
          const v = s.values[gi] ?? 0;
          const h = v === 0 ? 0 : Math.max(2, Math.round((v / max) * chartHeight));
          const x = 30 + gi * groupWidth + si * colWidth;
          return `<rect x="${x}" y="${chartHeight - h + 24}" width="${colWidth - 4}" height="${h}" class="bar ${esc(s.tone)}"></rect><text x="${x + (colWidth - 4) / 2}" y="${chartHeight - h + 20}" text-anchor="middle" class="value small">${esc(formatCount(v))}</text>`;
        })
        .join("") + `<text x="${30 + gi * groupWidth + (groupWidth - 20) / 2}" y="${chartHeight + 42}" text-anchor="middle" class="label">${esc(g)}</text>`,
    )
    .join("");
  const legend = series.map((s, i) => `<rect x="${30 + i * 150}" y="${chartHeight + 54}" width="12" height="12" class="bar ${esc(s.tone)}"></rect><text x="${48 + i * 150}" y="${chartHeight + 65}" class="label small">${esc(s.name)}</text>`).join("");
  const alt = series.map((s) => `${s.name}: ${groups.map((g, i) => `${g} ${formatCount(s.values[i] ?? 0)}`).join(", ")}`).join("; ");
  return (
    `<figure class="chart" id="${esc(id)}">` +
    `<svg role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(alt)}</desc>${cols}${legend}</svg>` +
    `<figcaption>${esc(title)}</figcaption></figure>`
  );
}
