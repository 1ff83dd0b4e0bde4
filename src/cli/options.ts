/** Raw commander flags, normalised once into the options the run needs (or a UsageError). */
import { RISK_METHODS, type RiskMethod } from "../aggregate/risk.js";
import type { GateThresholds } from "../gate/gates.js";
import type { Syntax } from "../detect/detect-format.js";
import type { InputFormat } from "../parse/reader.js";
import { FORMAT_NAMES, RENDERERS, type RendererEntry } from "../render/registry.js";
import type { CommandName } from "../render/renderer.js";
import { UsageError } from "../errors.js";

export interface RawOptions {
  format?: string;
  json?: boolean;
  inputFormat?: string;
  statusMap?: string;
  riskMethod?: string;
  maxCustomerActions?: string;
  maxNotScanned?: string;
  maxAuthFailures?: string;
  maxAverageRisk?: string;
  progress?: boolean;
}

export interface ResolvedOptions {
  readonly command: CommandName;
  readonly inputs: readonly string[];
  readonly renderer: RendererEntry;
  readonly forced: { readonly syntax: Syntax; readonly format: InputFormat | null } | null;
  readonly statusMap: string | null;
  readonly riskMethod: RiskMethod;
  readonly gates: GateThresholds;
  readonly progress: boolean | null;
}

export const INPUT_FORMAT_CHOICES: Readonly<Record<string, { syntax: Syntax; format: InputFormat | null } | null>> = {
  auto: null,
  csv: { syntax: "csv", format: "scan-log-csv" },
  "scan-log-csv": { syntax: "csv", format: "scan-log-csv" },
  xml: { syntax: "xml", format: null },
  qualys: { syntax: "xml", format: null },
  "qualys-scan": { syntax: "xml", format: "qualys-scan" },
  "qualys-asset-report": { syntax: "xml", format: "qualys-asset-report" },
  "qualys-detections": { syntax: "xml", format: "qualys-detections" },
};

function count(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} expects a whole number >= 0, got "${raw}"`);
  return Number(raw);
}

function decimal(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} expects a number >= 0, got "${raw}"`);
  return n;
}

export function resolveOptions(command: CommandName, inputs: readonly string[], raw: RawOptions): ResolvedOptions {
  if (inputs.length === 0) throw new UsageError(`${command}: give at least one input file (or - for standard input)`);
  if (inputs.filter((i) => i === "-").length > 1) throw new UsageError("standard input (-) can be given only once");
  // An unset shell variable (`scantriage summarize "$FILE"`) gives an empty name: say that, not ": no such file".
  if (inputs.includes("")) throw new UsageError(`${command}: an input file name is empty (""); give a path, or - for standard input`);
  const formatName = raw.json ? "json" : (raw.format ?? "table");
  if (raw.json && raw.format && raw.format !== "json") throw new UsageError(`--json and --format ${raw.format} contradict each other`);
  const renderer = RENDERERS[formatName];
  if (!renderer) throw new UsageError(`unknown --format "${formatName}"; choose one of: ${FORMAT_NAMES.join(", ")}`);
  if (!renderer.commands.includes(command)) {
    throw new UsageError(`--format ${formatName} is not available for ${command}; use one of: ${FORMAT_NAMES.filter((f) => RENDERERS[f]?.commands.includes(command)).join(", ")}`);
  }
  const inputFormatName = raw.inputFormat ?? "auto";
  if (!(inputFormatName in INPUT_FORMAT_CHOICES)) {
    throw new UsageError(`unknown --input-format "${inputFormatName}"; choose one of: ${Object.keys(INPUT_FORMAT_CHOICES).join(", ")}`);
  }
  const riskMethod = (raw.riskMethod ?? "average") as RiskMethod;
  if (!RISK_METHODS.includes(riskMethod)) throw new UsageError(`unknown --risk-method "${raw.riskMethod}"; choose average or highest`);
  return {
    command,
    inputs,
    renderer,
    forced: INPUT_FORMAT_CHOICES[inputFormatName] ?? null,
    statusMap: raw.statusMap ?? null,
    riskMethod,
    gates: {
      maxCustomerActions: count("--max-customer-actions", raw.maxCustomerActions),
      maxNotScanned: count("--max-not-scanned", raw.maxNotScanned),
      maxAuthFailures: count("--max-auth-failures", raw.maxAuthFailures),
      maxAverageRisk: decimal("--max-average-risk", raw.maxAverageRisk),
    },
    progress: raw.progress ?? null,
  };
}
