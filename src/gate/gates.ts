/**
 * CI gates: one list, from which the command-line flags, the config file's keys and its JSON
 * Schema are derived. A gate judges the summary's `gated` figures (accepted IPs left out), never
 * the output, so a reader that stops early (`| head`) changes nothing.
 */
import { safeCell } from "../render/sanitize.js";

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
  /** Follows the value in a failure message ("1 IP was not scanned", "7 IPs were not scanned"). */
  readonly what: readonly [one: string, other: string];
}

export const GATES = [
  {
    name: "maxCustomerActions",
    flag: "--max-customer-actions",
    kind: "count",
    figure: "customerActions",
    help: "more than n IPs need action by the Customer",
    what: ["IP needs action by the Customer", "IPs need action by the Customer"],
  },
  { name: "maxNotScanned", flag: "--max-not-scanned", kind: "count", figure: "notScanned", help: "more than n IPs were not scanned", what: ["IP was not scanned", "IPs were not scanned"] },
  {
    name: "maxAuthFailures",
    flag: "--max-auth-failures",
    kind: "count",
    figure: "authFailures",
    help: "more than n IPs failed authentication",
    what: ["IP failed authentication", "IPs failed authentication"],
  },
  {
    name: "maxAverageRisk",
    flag: "--max-average-risk",
    kind: "number",
    figure: "averageSecurityRisk",
    help: "the average security risk is above x",
    what: ["is the average security risk", "is the average security risk"],
  },
] as const satisfies readonly GateDefinition[];

export type GateName = (typeof GATES)[number]["name"];
export type GateThresholds = Partial<Record<GateName, number>>;

/** `--strict` is reported like a gate: its value is the number of warnings, its limit 0. */
export const STRICT_GATE = { name: "strict", flag: "--strict" } as const;

export interface GateResult {
  /** The config key (summarize gates), the diff gate name, or "strict". */
  readonly name: string;
  readonly flag: string;
  readonly limit: number;
  /** Null when the figure does not exist for this run (no security risk): the gate then passes, with a warning. */
  readonly value: number | null;
  readonly passed: boolean;
  /** What the value counts, worded for the value ("3 IPs were not scanned"). */
  readonly what: string;
  /** The config file the limit came from, or null for a command-line flag. */
  readonly from: string | null;
  /** --group-by: the group judged (gates apply to each group, not to the fleet). */
  readonly group?: string;
}

export interface GateOptions {
  /** --strict: the warnings of the run (their codes are named when it fails). */
  readonly strict?: { readonly codes: readonly string[] } | null;
  /** The inputs hold no IP at all: every gate fails, as a scan that never ran must not pass. */
  readonly nothingRead?: boolean;
  /** Gates whose limit came from a config file (the file's name), for the messages. */
  readonly from?: Partial<Record<GateName, string>>;
}

/** Every gate given, passed or not, in the list's order; --strict last. */
export function evaluateGates(figures: GatedFigures, thresholds: GateThresholds, options: GateOptions = {}): GateResult[] {
  const results: GateResult[] = [];
  for (const gate of GATES) {
    const limit = thresholds[gate.name];
    if (limit === undefined) continue;
    const value = figures[gate.figure];
    const passed = !options.nothingRead && (value === null || value <= limit);
    const what = options.nothingRead ? NOTHING_READ : gate.what[value === 1 ? 0 : 1];
    results.push({ name: gate.name, flag: gate.flag, limit, value, passed, what, from: options.from?.[gate.name] ?? null });
  }
  if (options.strict) {
    const codes = options.strict.codes;
    const what = `${codes.length === 1 ? "warning" : "warnings"}${codes.length > 0 ? ` (${[...new Set(codes)].join(", ")})` : ""}`;
    results.push({ name: STRICT_GATE.name, flag: STRICT_GATE.flag, limit: 0, value: codes.length, passed: codes.length === 0, what, from: null });
  }
  return results;
}

const NOTHING_READ = "IPs: nothing to triage, the inputs hold no IP (a scan that never ran?)";

export function formatGateFailure(r: GateResult): string {
  const group = r.group === undefined ? "" : `group "${safeCell(r.group)}": `;
  if (r.name === STRICT_GATE.name) return `gate failed: ${group}--strict: ${r.value ?? 0} ${r.what}`;
  const from = r.from ? ` (from ${r.from})` : "";
  if (r.what === NOTHING_READ) return `gate failed: ${group}${r.flag} ${r.limit}${from}: 0 ${r.what}`;
  return `gate failed: ${group}${r.flag} ${r.limit}${from}: ${r.value ?? "none"} ${r.what} (more than ${r.limit})`;
}
