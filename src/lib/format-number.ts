/**
 * Numbers for people: thousands separators in the en-US style, fixed so output does not depend on
 * the locale. Done by hand: creating an Intl.NumberFormat costs ~10 ms of ICU start-up per run.
 */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function formatCount(n: number): string {
  const sign = n < 0 ? "-" : "";
  return sign + groupThousands(String(Math.round(Math.abs(n))));
}

function oneDecimal(n: number): string {
  const [whole = "0", fraction = "0"] = (Math.round(n * 10) / 10).toFixed(1).split(".");
  return `${groupThousands(whole)}.${fraction}`;
}

/**
 * Share of a total as "42.5%"; an empty total gives "0.0%" rather than NaN. Rounding never hides
 * that a share is not none or not all: 1 of 100,000 is "<0.1%", 99,999 of 100,000 is ">99.9%".
 */
export function formatPercent(part: number, total: number): string {
  const percent = total === 0 ? 0 : (part * 100) / total;
  const rounded = Math.round(percent * 10) / 10;
  if (part > 0 && rounded === 0) return "<0.1%";
  if (part < total && rounded === 100) return ">99.9%";
  return `${oneDecimal(percent)}%`;
}

/** A security risk with one decimal, as Qualys prints it; "-" when there is none (not scanned). */
export function formatRisk(risk: number | null): string {
  return risk === null ? "-" : oneDecimal(risk);
}

/** "1 IP", "2 IPs", "1,024 inputs". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
