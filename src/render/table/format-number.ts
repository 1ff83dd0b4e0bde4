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

/** Share of a total as "42.5%"; an empty total gives "0.0%" rather than NaN. */
export function formatPercent(part: number, total: number): string {
  return `${oneDecimal(total === 0 ? 0 : (part * 100) / total)}%`;
}

/** A security risk with one decimal, as Qualys prints it; "-" when there is none (not scanned). */
export function formatRisk(risk: number | null): string {
  return risk === null ? "-" : oneDecimal(risk);
}

/** "1 IP", "2 IPs", "1,024 inputs". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
