/**
 * Raw commander flags and the config file, normalised once into the options a run needs (or a
 * UsageError). Command-line options win over the config file.
 */
import type { AcceptEntry } from "../accept/accept-list.js";
import { RISK_METHODS, type RiskMethod } from "../aggregate/risk.js";
import type { JudgeOptions } from "../aggregate/summarize.js";
import type { Config } from "../config/config.js";
import { UsageError } from "../errors.js";
import { GATES, type GateName, type GateThresholds } from "../gate/gates.js";
import { closest } from "../lib/closest.js";
import { INPUT_FORMAT_CHOICES, type ForcedFormat } from "../formats/input-formats.js";
import { FORMAT_NAMES, RENDERERS, type RendererEntry } from "../render/registry.js";
import type { CommandName } from "../render/renderer.js";
import { loadStatusMap } from "../taxonomy/load-status-map.js";
import { CATEGORIES, KNOWN_STATUSES, RESPONSIBLES, type Category, type Responsible } from "../taxonomy/statuses.js";
import type { StatusMap } from "../taxonomy/taxonomy.js";
import { parseGroupBy, type GroupBy } from "../pipeline/groups.js";
import { availableParallelism } from "node:os";

/** Commander's camel-cased flag names; gate flags come from the GATES list. */
export type RawOptions = {
  format?: string;
  json?: boolean;
  inputFormat?: string;
  statusMap?: string;
  riskMethod?: string;
  progress?: boolean;
  quiet?: boolean;
  strict?: boolean;
  output?: string;
  config?: string | false;
  category?: string[];
  responsible?: string[];
  status?: string[];
  groupBy?: string;
  jobs?: string;
} & { [K in GateName]?: string };

/** Which rows `hosts`, `auth` and `risk` print: each list empty means no filter on that field. */
export interface RowFilter {
  readonly categories: ReadonlySet<Category>;
  readonly responsibles: ReadonlySet<Responsible>;
  /** Canonical status names, lower-cased. */
  readonly statuses: ReadonlySet<string>;
}

export interface ResolvedOptions {
  readonly command: CommandName;
  readonly inputs: readonly string[];
  readonly renderer: RendererEntry;
  readonly formatName: string;
  readonly forced: ForcedFormat | null;
  readonly statusMap: StatusMap | undefined;
  readonly riskMethod: RiskMethod;
  readonly judge: JudgeOptions;
  readonly accept: readonly AcceptEntry[];
  readonly filter: RowFilter | null;
  readonly output: string | null;
  readonly quiet: boolean;
  readonly progress: boolean | null;
  readonly groupBy: GroupBy | null;
  /** Inputs read at once (worker threads); 1 reads them one after another on the main thread. */
  readonly jobs: number;
  /** --jobs was given: use workers even for small inputs (else only where they pay off). */
  readonly jobsGiven: boolean;
}

/** --jobs: a whole number >= 1; the number of cores by default. */
export function jobsOption(raw: string | undefined): number {
  if (raw === undefined) return availableParallelism();
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1) throw new UsageError(`--jobs expects a whole number >= 1 (inputs read at once), got "${raw}"`);
  return Number(raw);
}


export function count(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} expects a whole number >= 0, got "${raw}"`);
  return Number(raw);
}

function decimal(flag: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} expects a number >= 0, got "${raw}"`);
  return n;
}

export function thresholds(raw: RawOptions, config: Config): GateThresholds {
  const result: GateThresholds = { ...config.gates };
  for (const gate of GATES) {
    const text = raw[gate.name];
    if (text !== undefined) result[gate.name] = gate.kind === "count" ? count(gate.flag, text) : decimal(gate.flag, text);
  }
  return result;
}

/** The gates whose limit the config file set and no flag overrode. */
export function gatesFromConfig(raw: RawOptions, config: Config): Partial<Record<GateName, string>> {
  const from: Partial<Record<GateName, string>> = {};
  for (const gate of GATES) if (config.path && config.gates[gate.name] !== undefined && raw[gate.name] === undefined) from[gate.name] = config.path;
  return from;
}

/** Values of a repeatable, comma-separated option, matched without case against the allowed names. */
/** Up to this many values are listed in an "unknown value" error. */
const CHOICES_LISTED = 8;

function pick<T extends string>(flag: string, given: readonly string[] | undefined, allowed: readonly T[]): Set<T> {
  const picked = new Set<T>();
  for (const text of (given ?? []).flatMap((g) => g.split(","))) {
    const name = text.trim();
    if (name === "") continue;
    const match = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
    if (match === undefined) {
      const hint = closest(name, allowed);
      // The status table is too long for one line; the glossary lists it.
      const choices = allowed.length <= CHOICES_LISTED ? `; choose from: ${allowed.join(", ")}` : "; the README's status glossary lists every status";
      throw new UsageError(`${flag}: unknown value "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}${choices}`);
    }
    picked.add(match);
  }
  return picked;
}

function rowFilter(command: CommandName, raw: RawOptions, statusMap: StatusMap | undefined): RowFilter | null {
  const given = [raw.category, raw.responsible, raw.status].some((v) => v !== undefined && v.length > 0);
  if (!given) return null;
  if (command === "summarize") throw new UsageError("--category, --responsible and --status filter the rows of hosts, auth and risk; summarize counts every IP");
  const statuses = [...Object.keys(KNOWN_STATUSES), ...Object.keys(statusMap?.statuses ?? {})];
  return {
    categories: pick("--category", raw.category, CATEGORIES),
    responsibles: pick("--responsible", raw.responsible, RESPONSIBLES),
    statuses: new Set([...pick("--status", raw.status, statuses)].map((s) => s.toLowerCase())),
  };
}

export function resolveOptions(command: CommandName, inputs: readonly string[], raw: RawOptions, config: Config): ResolvedOptions {
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
  const riskMethod = (raw.riskMethod ?? config.riskMethod ?? "average") as RiskMethod;
  if (!RISK_METHODS.includes(riskMethod)) throw new UsageError(`unknown --risk-method "${raw.riskMethod}"; choose average or highest`);
  if (raw.output === "") throw new UsageError("--output: the file name is empty");
  const statusMap = raw.statusMap !== undefined ? loadStatusMap(raw.statusMap) : config.statusMap;
  return {
    command,
    inputs,
    renderer,
    formatName,
    forced: INPUT_FORMAT_CHOICES[inputFormatName] ?? null,
    statusMap,
    riskMethod,
    judge: { thresholds: thresholds(raw, config), strict: raw.strict ?? config.strict ?? false, from: gatesFromConfig(raw, config) },
    accept: config.accept,
    filter: rowFilter(command, raw, statusMap),
    output: raw.output ?? null,
    quiet: raw.quiet ?? false,
    progress: raw.progress ?? null,
    groupBy: raw.groupBy === undefined ? null : parseGroupBy(raw.groupBy),
    jobs: jobsOption(raw.jobs),
    jobsGiven: raw.jobs !== undefined,
  };
}
