/** Numbers for people: thousands separators (en-US, fixed so output does not depend on the locale). */

const COUNT = new Intl.NumberFormat("en-US");
const PERCENT = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const RISK = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Share of a total as "42.5%"; an empty total gives "0.0%" rather than NaN. */
export function formatPercent(part: number, total: number): string {
  return `${PERCENT.format(total === 0 ? 0 : (part * 100) / total)}%`;
}

/** A security risk with one decimal, as Qualys prints it; "-" when there is none (not scanned). */
export function formatRisk(risk: number | null): string {
  return risk === null ? "-" : RISK.format(risk);
}

/** "1 IP", "2 IPs", "1,024 inputs". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
