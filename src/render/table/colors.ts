/**
 * Colour comes only from a chalk instance built from ctx.color, never from chalk's own terminal
 * detection, so the CLI's NO_COLOR / FORCE_COLOR / TTY decision is the only one that counts and
 * color=false output carries no escape sequences at all.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { Category } from "../../taxonomy/statuses.js";
import type { Tone } from "./report-model.js";

export const CATEGORY_TONE = {
  Scanned: "good",
  "Not Scanned": "bad",
  Skipped: "warn",
} as const satisfies Record<Category, Tone>;

export type Paint = (text: string, tone?: Tone) => string;

export function painter(color: boolean): Paint {
  const chalk: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
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
