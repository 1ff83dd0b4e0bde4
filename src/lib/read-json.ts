/** A JSON file a person wrote (config, status map): problems are one usage error naming it. */
import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";

/** JSON.parse's complaint, with the line and column a person can go to (Node 20 names only the offset). */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  // Newer Node versions add "(line 4 column 3)" themselves: one wording whatever the version.
  const what = message.replace(/ in JSON at position \d+/, "").replace(/ \(line \d+ column \d+\)/, "");
  return `${what} at line ${line}, column ${column}`;
}

/** `kind` completes "... cannot be read" ("config file", "status map"); `shownAs` names the file in messages. */
export function readJsonFile(path: string, shownAs: string, kind: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${shownAs}: ${kind} cannot be read (${code === "ENOENT" ? "no such file" : (code ?? "error")})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${shownAs}: ${kind} is not valid JSON (${describeJsonError(err, text)})`);
  }
}
