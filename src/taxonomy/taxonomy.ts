/**
 * The taxonomy in use for one run: the built-in table, optionally extended or overridden by a
 * `--status-map` file. Lookups are cached because a million-row log repeats a handful of texts.
 */
import { BUILTIN_ALIASES, statusKey } from "./aliases.js";
import { KNOWN_STATUSES, UNRECOGNIZED_STATUS_INFO, type Category, type Responsible, type StatusInfo } from "./statuses.js";

/** How an empty status cell is named in counts and output. */
export const EMPTY_STATUS = "(empty)";

export interface StatusVerdict {
  /** Canonical name, or the raw text (trimmed) when unrecognised; "(empty)" for an empty one. */
  readonly status: string;
  readonly category: Category;
  readonly responsible: Responsible;
  readonly action: string;
  readonly recognized: boolean;
}

export interface StatusMap {
  /** Extra or overriding statuses by canonical name. */
  readonly statuses?: Readonly<Record<string, Omit<StatusInfo, "description"> & { description?: string }>>;
  /** Extra raw spellings -> canonical name (built-in or from `statuses`). */
  readonly aliases?: Readonly<Record<string, string>>;
}

export class Taxonomy {
  private readonly infos = new Map<string, StatusInfo>();
  private readonly aliases = new Map<string, string>();
  private readonly cache = new Map<string, StatusVerdict>();

  constructor(map?: StatusMap) {
    for (const [name, info] of Object.entries(KNOWN_STATUSES)) this.infos.set(name, info);
    for (const [key, name] of BUILTIN_ALIASES) this.aliases.set(key, name);
    for (const [name, info] of Object.entries(map?.statuses ?? {})) {
      this.infos.set(name, { description: "", ...info });
      this.aliases.set(statusKey(name), name);
    }
    for (const [alias, name] of Object.entries(map?.aliases ?? {})) this.aliases.set(statusKey(alias), name);
  }

  /** Does the table (with the map) know this canonical name? */
  has(name: string): boolean {
    return this.infos.has(name);
  }

  /** Classify raw status text from an input. */
  classify(raw: string): StatusVerdict {
    const cached = this.cache.get(raw);
    if (cached) return cached;
    const verdict = this.compute(raw);
    if (this.cache.size < 10_000) this.cache.set(raw, verdict);
    return verdict;
  }


  private compute(raw: string): StatusVerdict {
    const trimmed = raw.trim();
    const name = this.aliases.get(statusKey(trimmed));
    const info = name === undefined ? undefined : this.infos.get(name);
    if (name !== undefined && info) {
      return { status: name, category: info.category, responsible: info.responsible, action: info.action, recognized: true };
    }
    const u = UNRECOGNIZED_STATUS_INFO;
    return { status: trimmed === "" ? EMPTY_STATUS : trimmed, category: u.category, responsible: u.responsible, action: u.action, recognized: false };
  }
}
