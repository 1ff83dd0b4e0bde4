/**
 * CI gates: one list, from which the command-line flags, the config file's keys and its JSON
 * Schema are derived. A gate judges the summary's `gated` figures (accepted IPs left out), never
 * the output, so a reader that stops early (`| head`) changes nothing.
 */

/** The figures the gates judge: every IP except those on the accept list. */
export interface GatedFigures {
  readonly customerActions: number;
  readonly notScanned: number;
  readonly authFailures: number;
  /** Null when no (non-accepted) host was scanned or the inputs carry no findings. */
  readonly averageSecurityRisk: number | null;
}

interface GateDefinition {
  /** The config file key and the name in the JSON `gates` list. */
  readonly name: string;
  readonly flag: string;
  /** count: a whole number >= 0; number: a decimal >= 0. */
  readonly kind: "count" | "number";
  readonly figure: keyof GatedFigures;
  /** Completes "exit 1 when ...": for --help and the JSON Schema. */
  readonly help: string;
  /** Follows the value in a failure message: "7 IPs were not scanned". */
  readonly what: string;
}

export const GATES = [
  {
    name: "maxCustomerActions",
    flag: "--max-customer-actions",
    kind: "count",
    figure: "customerActions",
    help: "more than n IPs need action by the Customer",
    what: "IPs need action by the Customer",
  },
  { name: "maxNotScanned", flag: "--max-not-scanned", kind: "count", figure: "notScanned", help: "more than n IPs were not scanned", what: "IPs were not scanned" },
  {
    name: "maxAuthFailures",
    flag: "--max-auth-failures",
    kind: "count",
    figure: "authFailures",
    help: "more than n IPs failed authentication",
    what: "IPs failed authentication",
  },
  {
    name: "maxAverageRisk",
    flag: "--max-average-risk",
    kind: "number",
    figure: "averageSecurityRisk",
    help: "the average security risk is above x",
    what: "is the average security risk",
  },
] as const satisfies readonly GateDefinition[];

export type GateName = (typeof GATES)[number]["name"];
export type GateThresholds = Partial<Record<GateName, number>>;

/** `--strict` is reported like a gate: its value is the number of warnings, its limit 0. */
export const STRICT_GATE = { name: "strict", flag: "--strict", what: "warning(s)" } as const;

export interface GateResult {
  readonly name: GateName | typeof STRICT_GATE.name;
  readonly flag: string;
  readonly limit: number;
  /** Null when the figure does not exist for this run (no security risk): the gate then passes, with a warning. */
  readonly value: number | null;
  readonly passed: boolean;
  readonly what: string;
}

/** Every gate given, passed or not, in the list's order; --strict last. */
export function evaluateGates(figures: GatedFigures, thresholds: GateThresholds, strict: { readonly warnings: number } | null = null): GateResult[] {
  const results: GateResult[] = [];
  for (const gate of GATES) {
    const limit = thresholds[gate.name];
    if (limit === undefined) continue;
    const value = figures[gate.figure];
    results.push({ name: gate.name, flag: gate.flag, limit, value, passed: value === null || value <= limit, what: gate.what });
  }
  if (strict) {
    const { name, flag, what } = STRICT_GATE;
    results.push({ name, flag, limit: 0, value: strict.warnings, passed: strict.warnings === 0, what });
  }
  return results;
}

export function formatGateFailure(r: GateResult): string {
  if (r.name === STRICT_GATE.name) return `gate failed: --strict: ${r.value ?? 0} ${r.what} (see above or the report's diagnostics)`;
  return `gate failed: ${r.flag} ${r.limit}: ${r.value ?? "none"} ${r.what} (more than ${r.limit})`;
}
