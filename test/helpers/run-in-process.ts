/** Runs a scantriage command in this process with captured stdout / stderr (fast, for many files). */
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/run.js";
import { InputError, UsageError } from "../../src/errors.js";
import type { RawOptions } from "../../src/cli/options.js";
import type { CommandName } from "../../src/render/renderer.js";

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Collector extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runInProcess(command: CommandName, inputs: string[], options: RawOptions = {}): Promise<Captured> {
  const stdout = new Collector();
  const stderr = new Collector();
  let code: number;
  try {
    code = await runCommand(command, inputs, options, { stdout, stderr, env: { NO_COLOR: "1" } });
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof InputError)) throw err;
    stderr.text += `scantriage: error: ${err.message}\n`;
    code = 2;
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}
