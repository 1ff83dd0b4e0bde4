/**
 * The command line: commander declares commands and options and hands over to runCommand. The
 * one place that touches process: exit codes, and the two expected errors turned into one line.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { EXIT_BAD_INPUT } from "../gate/exit-code.js";
import type { CommandName } from "../render/renderer.js";
import { InputError, OutputError, UsageError } from "../errors.js";
import { commandHelp } from "./help-text.js";
import type { RawOptions } from "./options.js";

const COMMANDS: readonly { name: CommandName; summary: string }[] = [
  { name: "summarize", summary: "overview: IPs by category, responsible party and status; risk; auth failures; warnings" },
  { name: "hosts", summary: "one row per IP: status, category, responsible party, action, risk, source" },
  { name: "auth", summary: "the authentication-failure list, with the QID / log message that proves each" },
  { name: "risk", summary: "per-host security risk and the average, with severity counts" },
];

/** Set by the bundler (scripts/build.mjs); undefined when running from source (tests). */
declare const __SCANTRIAGE_VERSION__: string | undefined;

function version(): string {
  if (typeof __SCANTRIAGE_VERSION__ === "string") return __SCANTRIAGE_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function addSharedOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("-f, --format <format>", "output format: table, json, ndjson (hosts/auth/risk), csv, markdown").default(undefined, "table"))
    .option("--json", "short for --format json")
    .option("--input-format <format>", "override detection: auto, csv, xml, qualys-scan, qualys-asset-report, qualys-detections", "auto")
    .option("--status-map <file>", "JSON file extending or overriding the status table ({ \"statuses\": {...}, \"aliases\": {...} })")
    .option("--risk-method <method>", "per-host security risk: average or highest severity of confirmed vulnerabilities", "average")
    .option("--max-customer-actions <n>", "gate: exit 1 when more than n IPs need action by the Customer")
    .option("--max-not-scanned <n>", "gate: exit 1 when more than n IPs were not scanned")
    .option("--max-auth-failures <n>", "gate: exit 1 when more than n IPs failed authentication")
    .option("--max-average-risk <x>", "gate: exit 1 when the average security risk is above x")
    .option("--no-progress", "never show the progress line (it shows only on a terminal, for large inputs)");
}

export function buildProgram(run: (command: CommandName, inputs: string[], raw: RawOptions) => Promise<void>): Command {
  const program = new Command("scantriage")
    .description("Triage discovery scan logs (CSV) and Qualys scan results (XML): which IPs were scanned, which not and why, who must act.")
    .version(version(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const { name, summary } of COMMANDS) {
    const cmd = program.command(name).summary(summary).description(summary).argument("<input...>", "scan-log CSV or Qualys XML files (.gz too); - for standard input");
    addSharedOptions(cmd).addHelpText("after", commandHelp(name)).exitOverride().action(async (inputs: string[], opts: RawOptions) => run(name, inputs, opts));
  }
  program.addHelpText("after", commandHelp("program"));
  return program;
}

function reportAndExit(err: unknown): never {
  if (err instanceof UsageError || err instanceof InputError || err instanceof OutputError) {
    process.stderr.write(`scantriage: ${err.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  // A bug. Still one line and exit 2 (exit 1 would read as a failed gate); the stack on request.
  if (process.env.SCANTRIAGE_DEBUG) throw err;
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`scantriage: internal error (${what}); run with SCANTRIAGE_DEBUG=1 for details and please report it\n`);
  process.exit(EXIT_BAD_INPUT);
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(async (command, inputs, raw) => {
    // Loaded only when a command runs, so that --help and --version start fast.
    const { runCommand } = await import("./run.js");
    const code = await runCommand(command, inputs, raw, { stdout: process.stdout, stderr: process.stderr, env: process.env });
    process.exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      process.exitCode = EXIT_BAD_INPUT;
    }
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for (--help, --version) is exit 0; help shown because of a mistake is a usage error.
      process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
    }
    reportAndExit(err);
  }
}
