/** Reads and validates a `--status-map` JSON file. Problems are usage errors naming the file. */
import { UsageError } from "../errors.js";
import { readJsonFile } from "../lib/read-json.js";
import { CATEGORIES, isKnownStatus, RESPONSIBLES } from "./statuses.js";
import type { StatusMap } from "./taxonomy.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `shownAs` is the name messages use (as the user wrote it). */
export function loadStatusMap(path: string, shownAs = path): StatusMap {
  return validateStatusMap(readJsonFile(path, shownAs, "status map"), shownAs);
}

export function validateStatusMap(parsed: unknown, path: string): StatusMap {
  const fail = (what: string): never => {
    throw new UsageError(`${path}: status map: ${what}`);
  };
  if (!isRecord(parsed)) fail('expected an object with "statuses" and/or "aliases"');
  const map = parsed as Record<string, unknown>;
  for (const key of Object.keys(map)) if (key !== "statuses" && key !== "aliases") fail(`unknown key "${key}"`);
  const statuses: Record<string, { category: (typeof CATEGORIES)[number]; responsible: (typeof RESPONSIBLES)[number]; action: string }> = {};
  if (map.statuses !== undefined) {
    if (!isRecord(map.statuses)) fail('"statuses" must be an object');
    for (const [name, info] of Object.entries(map.statuses as Record<string, unknown>)) {
      if (!isRecord(info)) fail(`status "${name}" must be an object`);
      const { category, responsible, action } = info as Record<string, unknown>;
      if (!CATEGORIES.includes(category as never)) fail(`status "${name}": category must be one of ${CATEGORIES.join(", ")}`);
      if (!RESPONSIBLES.includes(responsible as never))
        fail(`status "${name}": responsible must be one of ${RESPONSIBLES.join(", ")}`);
      if (typeof action !== "string") fail(`status "${name}": action must be a string`);
      statuses[name] = {
        category: category as (typeof CATEGORIES)[number],
        responsible: responsible as (typeof RESPONSIBLES)[number],
        action: action as string,
      };
    }
  }
  const aliases: Record<string, string> = {};
  if (map.aliases !== undefined) {
    if (!isRecord(map.aliases)) fail('"aliases" must be an object');
    for (const [alias, name] of Object.entries(map.aliases as Record<string, unknown>)) {
      if (typeof name !== "string") fail(`alias "${alias}" must map to a status name`);
      // A typo here would silently replace a built-in alias and turn real rows into unrecognised ones.
      if (!isKnownStatus(name as string) && !Object.hasOwn(statuses, name as string)) {
        fail(`alias "${alias}" maps to unknown status "${String(name)}"`);
      }
      aliases[alias] = name as string;
    }
  }
  return { statuses, aliases };
}
