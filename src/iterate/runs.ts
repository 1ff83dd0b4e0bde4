/**
 * A run is what one scan round produced: a file, or a directory whose files belong together (all
 * pages of a detection list, a scan log and the Qualys scan of the same round). Not recursive;
 * hidden files are left out.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";

export function runInputs(arg: string): string[] {
  if (arg === "-") return [arg];
  let isDir = false;
  try {
    isDir = statSync(arg).isDirectory();
  } catch {
    return [arg]; // reading it names the problem
  }
  if (!isDir) return [arg];
  let names: string[];
  try {
    names = readdirSync(arg);
  } catch (err) {
    throw new InputError(arg, `cannot list the directory (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const files = names
    .filter((n) => !n.startsWith("."))
    .sort()
    .map((n) => join(arg, n))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
  if (files.length === 0) throw new InputError(arg, "a directory with no files (hidden files are left out): not a run");
  return files;
}
