/**
 * Colour comes only from a chalk instance built from ctx.color, never from chalk's own terminal
 * detection, so the CLI's NO_COLOR / FORCE_COLOR / TTY decision is the only one that counts and
 * color=false output carries no escape sequences at all. Chalk is loaded only for coloured output
 * (loadColors): a pipe or a CI log never needs it, and loading it is ~2 ms of a small run.
 */
import type { ChalkInstance } from "chalk";
import type { Category } from "../../taxonomy/statuses.js";
import type { Tone } from "./report-model.js";

export const CATEGORY_TONE = {
  Scanned: "good",
  "Not Scanned": "bad",
  Skipped: "warn",
} as const satisfies Record<Category, Tone>;

export type Paint = (text: string, tone?: Tone) => string;

let chalkClass: (typeof import("chalk"))["Chalk"] | null = null;

/** Load chalk; needed before painter(true). */
export async function loadColors(): Promise<void> {
  chalkClass ??= (await import("chalk")).Chalk;
}

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  if (chalkClass === null) throw new Error("painter(true) before loadColors()");
  const chalk: ChalkInstance = new chalkClass({ level: 1 });
  const byTone: Record<Tone, (text: string) => string> = {
    plain: (t) => t,
    good: chalk.green,
    bad: chalk.red,
    warn: chalk.yellow,
    muted: chalk.dim,
    strong: chalk.bold,
  };
  return (text, tone = "plain") => (text === "" ? text : byTone[tone](text));
}
