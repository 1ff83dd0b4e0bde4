/**
 * The config file, `scantriage.config.json` in the working directory or `--config <file>`: gates,
 * --strict, the status map, the risk method and the accept list, so a CI job keeps its policy in
 * the repository instead of a long command line. Command-line options win over it.
 *
 * The keys are described once (FIELDS below); validation and the shipped JSON Schema
 * (schema/scantriage.config.schema.json, kept equal by a test) are both derived from them.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { acceptTargetProblem, isIsoDate, type AcceptEntry } from "../accept/accept-list.js";
import { RISK_METHODS, type RiskMethod } from "../aggregate/risk.js";
import { UsageError } from "../errors.js";
import { GATES, type GateThresholds } from "../gate/gates.js";
import { closest } from "../lib/closest.js";
import { readJsonFile } from "../lib/read-json.js";
import { loadStatusMap, validateStatusMap } from "../taxonomy/load-status-map.js";
import { CATEGORIES, KNOWN_STATUSES, RESPONSIBLES } from "../taxonomy/statuses.js";
import type { StatusMap } from "../taxonomy/taxonomy.js";

export const CONFIG_FILE = "scantriage.config.json";

export interface Config {
  /** Where it was read from (null: no config file). */
  readonly path: string | null;
  readonly gates: GateThresholds;
  readonly strict?: boolean;
  readonly riskMethod?: RiskMethod;
  readonly statusMap?: StatusMap;
  readonly accept: readonly AcceptEntry[];
}

export const NO_CONFIG: Config = { path: null, gates: {}, accept: [] };

type Json = Record<string, unknown>;

const ACCEPT_ENTRY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["target", "reason"],
  properties: {
    target: { type: "string", description: "An IP, a CIDR block (10.0.0.0/24), a range (10.0.0.1-10.0.0.20) or a hostname." },
    statuses: {
      type: "array",
      items: { type: "string" },
      description: "Accept only IPs with one of these statuses (canonical names, e.g. NoAnswer); all statuses when absent.",
    },
    reason: { type: "string", minLength: 1, description: "Why this is accepted: shown beside the IP in every output." },
    until: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day the entry applies (YYYY-MM-DD). Expired entries are not applied and warn." },
  },
};

const STATUS_INFO_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["category", "responsible", "action"],
  properties: {
    category: { enum: [...CATEGORIES] },
    responsible: { enum: [...RESPONSIBLES] },
    action: { type: "string" },
    description: { type: "string" },
  },
};

/** The top-level keys, each with its schema (the one description of the file). */
const FIELDS = {
  $schema: { type: "string", description: "The JSON Schema this file follows (for editors)." },
  gates: {
    type: "object",
    additionalProperties: false,
    description: "CI gates (command-line flags win): exit 1 when a figure is above its limit. Accepted IPs are left out.",
    properties: Object.fromEntries(
      GATES.map((g) => [g.name, { type: g.kind === "count" ? "integer" : "number", minimum: 0, description: `${g.flag}: exit 1 when ${g.help}.` }]),
    ),
  },
  strict: { type: "boolean", description: "--strict: any warning fails the run (exit 1), reported like a gate." },
  riskMethod: { enum: [...RISK_METHODS], description: "--risk-method: per-host security risk as the average or the highest severity." },
  statusMap: {
    description: "--status-map: extra or overriding statuses and spellings, inline or as a path relative to this file.",
    oneOf: [
      { type: "string" },
      {
        type: "object",
        additionalProperties: false,
        properties: {
          statuses: { type: "object", additionalProperties: STATUS_INFO_SCHEMA },
          aliases: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    ],
  },
  accept: { type: "array", items: ACCEPT_ENTRY_SCHEMA, description: "Known exceptions: marked, counted apart and left out of the gates." },
} as const;

type FieldName = keyof typeof FIELDS;

/** The JSON Schema shipped in the package (schema/scantriage.config.schema.json). */
export function configSchema(): Json {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "scantriage configuration",
    description: `${CONFIG_FILE}: found in the working directory, or given with --config. Command-line options win.`,
    type: "object",
    additionalProperties: false,
    properties: FIELDS,
  };
}

function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}


class ConfigReader {
  constructor(
    private readonly path: string,
    /** Where a statusMap file name is resolved from: the config file's folder. */
    private readonly dir: string,
  ) {}

  fail(where: string, what: string): never {
    throw new UsageError(`${this.path}: ${where ? `${where}: ` : ""}${what}`);
  }

  keys(where: string, object: Json, known: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (known.includes(key)) continue;
      const hint = closest(key, known);
      this.fail(where, `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; known: ${known.join(", ")}`);
    }
  }

  gates(value: unknown): GateThresholds {
    if (!isRecord(value)) this.fail("gates", "must be an object");
    this.keys("gates", value, GATES.map((g) => g.name));
    const thresholds: GateThresholds = {};
    for (const gate of GATES) {
      const limit = value[gate.name];
      if (limit === undefined) continue;
      const ok = typeof limit === "number" && Number.isFinite(limit) && limit >= 0 && (gate.kind === "number" || Number.isInteger(limit));
      if (!ok) this.fail(`gates.${gate.name}`, `must be ${gate.kind === "count" ? "a whole number >= 0" : "a number >= 0"}, got ${JSON.stringify(limit)}`);
      thresholds[gate.name] = limit as number;
    }
    return thresholds;
  }

  statusMap(value: unknown): StatusMap {
    if (typeof value === "string") {
      try {
        return loadStatusMap(resolve(this.dir, value), value);
      } catch (err) {
        if (err instanceof UsageError) this.fail("statusMap", err.message);
        throw err;
      }
    }
    return validateStatusMap(value, `${this.path}: statusMap`);
  }

  accept(value: unknown, statusMap: StatusMap | undefined): AcceptEntry[] {
    if (!Array.isArray(value)) this.fail("accept", "must be a list of entries");
    // Entries are compared with the canonical status without case.
    const names = new Set([...Object.keys(KNOWN_STATUSES), ...Object.keys(statusMap?.statuses ?? {})].map((s) => s.toLowerCase()));
    const known = (s: string) => names.has(s.toLowerCase());
    return (value as unknown[]).map((raw, i) => {
      const where = `accept[${i}]`;
      if (!isRecord(raw)) this.fail(where, "must be an object with target and reason");
      this.keys(where, raw, Object.keys(ACCEPT_ENTRY_SCHEMA.properties));
      const { target, statuses, reason, until } = raw;
      if (typeof target !== "string" || target.trim() === "") this.fail(`${where}.target`, "must be an IP, CIDR block, range or hostname");
      const problem = acceptTargetProblem(target as string);
      if (problem) this.fail(`${where}.target`, problem);
      if (typeof reason !== "string" || reason.trim() === "") this.fail(`${where}.reason`, "is required: say why this exception is accepted");
      if (until !== undefined && (typeof until !== "string" || !isIsoDate(until))) this.fail(`${where}.until`, `must be a date YYYY-MM-DD, got ${JSON.stringify(until)}`);
      if (statuses !== undefined) {
        if (!Array.isArray(statuses) || statuses.some((s) => typeof s !== "string")) this.fail(`${where}.statuses`, "must be a list of status names");
        const unknown = (statuses as string[]).find((s) => !known(s));
        if (unknown !== undefined) this.fail(`${where}.statuses`, `unknown status "${unknown}" (use the canonical names of the status table, e.g. NoAnswer)`);
      }
      return {
        target: (target as string).trim(),
        reason: (reason as string).trim(),
        ...(statuses !== undefined ? { statuses: statuses as string[] } : {}),
        ...(until !== undefined ? { until: until as string } : {}),
      };
    });
  }
}

/** Validates a parsed config object; problems are usage errors naming the file and the key. */
export function validateConfig(parsed: unknown, path: string, dir = dirname(path)): Config {
  const reader = new ConfigReader(path, dir);
  if (!isRecord(parsed)) reader.fail("", "must hold one JSON object");
  const object = parsed as Json;
  reader.keys("", object, Object.keys(FIELDS) as FieldName[]);
  const { gates, strict, riskMethod, statusMap, accept } = object;
  if (strict !== undefined && typeof strict !== "boolean") reader.fail("strict", "must be true or false");
  if (riskMethod !== undefined && !RISK_METHODS.includes(riskMethod as RiskMethod)) {
    reader.fail("riskMethod", `must be one of ${RISK_METHODS.join(", ")}, got ${JSON.stringify(riskMethod)}`);
  }
  const map = statusMap === undefined ? undefined : reader.statusMap(statusMap);
  return {
    path,
    gates: gates === undefined ? {} : reader.gates(gates),
    ...(strict !== undefined ? { strict: strict as boolean } : {}),
    ...(riskMethod !== undefined ? { riskMethod: riskMethod as RiskMethod } : {}),
    ...(map ? { statusMap: map } : {}),
    accept: accept === undefined ? [] : reader.accept(accept, map),
  };
}

/** `shownAs` is the name messages use (the relative name of a config found in the working directory). */
export function loadConfig(path: string, shownAs = path): Config {
  return validateConfig(readJsonFile(path, shownAs, "config file"), shownAs, dirname(path));
}

/**
 * The config in force: the file given (`--config`), none (`--no-config`), or the working
 * directory's scantriage.config.json when there is one.
 */
export function resolveConfig(option: string | false | undefined, cwd: string): Config {
  if (option === false) return NO_CONFIG;
  if (option !== undefined) return loadConfig(option);
  // Named as found (relative): messages then read "scantriage.config.json: gates: ...".
  return existsSync(resolve(cwd, CONFIG_FILE)) ? loadConfig(resolve(cwd, CONFIG_FILE), CONFIG_FILE) : NO_CONFIG;
}
