/**
 * The command line: commander declares commands and options and hands over to runCommand. The
 * one place that touches process: exit codes, and the two expected errors turned into one line.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { CONFIG_FILE } from "../config/config.js";
import { InputError, OutputError, UsageError } from "../errors.js";
import { EXIT_BAD_INPUT } from "../gate/exit-code.js";
import { GATES } from "../gate/gates.js";
import { FORMAT_NAMES, RENDERERS } from "../render/registry.js";
import type { CommandName } from "../render/renderer.js";
import { commandHelp } from "./help-text.js";
import { GROUP_BY_CHOICES } from "../pipeline/groups.js";
// bin/read-worker.cjs loads the bundle on a worker thread of --jobs and calls this.
export { runReadWorker } from "../pipeline/parallel-read.js";
import { type RawOptions } from "./options.js";
import { INPUT_FORMAT_CHOICES } from "../formats/input-formats.js";
import { DIFF_GATES } from "../iterate/diff-gates.js";
import { DIFF_FORMAT_NAMES, type DiffCommand } from "../render/diff/diff-registry.js";
import type { RawDiffOptions } from "./run-diff.js";

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

const JOBS_HELP = "inputs read at once, on worker threads (default: the number of cores; 1: one after another)";

/** Repeatable and comma-separated: --status NoAnswer --status Timeout,NoCredential. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function addSharedOptions(cmd: Command): Command {
  const formats = FORMAT_NAMES.map((f) => (RENDERERS[f]?.commands.length === 4 ? f : `${f} (${RENDERERS[f]?.commands.join("/") ?? ""})`)).join(", ");
  cmd
    .addOption(new Option("-f, --format <format>", `output format: ${formats}`).default(undefined, "table"))
    .option("--json", "short for --format json")
    .option("-o, --output <file>", "write the output to this file (atomically: complete or not at all) instead of stdout")
    .option("--input-format <format>", `override detection: ${Object.keys(INPUT_FORMAT_CHOICES).join(", ")}`, "auto")
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .option("--no-config", `ignore ./${CONFIG_FILE}`)
    .option("--status-map <file>", "JSON file extending or overriding the status table ({ \"statuses\": {...}, \"aliases\": {...} })")
    .option("--risk-method <method>", "per-host security risk: average or highest severity of confirmed vulnerabilities (default: average)");
  for (const gate of GATES) cmd.option(`${gate.flag} <${gate.kind === "count" ? "n" : "x"}>`, `gate: exit 1 when ${gate.help}`);
  return cmd
    .option("--strict", "any warning fails the run (exit 1), reported like a gate")
    .option("--category <names>", "hosts/auth/risk: only these categories (repeatable, comma-separated)", collect)
    .option("--responsible <names>", "hosts/auth/risk: only these responsible parties", collect)
    .option("--status <names>", "hosts/auth/risk: only these statuses (canonical names)", collect)
    .option("--group-by <how>", `one triage per group, IPs unique within a group, gates per group: ${GROUP_BY_CHOICES.join(" | ")} (a scan-log column, e.g. "column:Job Name")`)
    .option("--jobs <n>", JOBS_HELP)
    .option("-q, --quiet", "no warnings on stderr (errors and failed gates still print)")
    .option("--no-progress", "never show the progress line (it shows only on a terminal, for large inputs)");
}

/** Commander's messages ("error: unknown option '--fromat'\n(Did you mean --format?)") as one line. */
function oneLine(text: string): string {
  return `scantriage: ${text.trim().replace(/\s*\n\s*/g, " ")}\n`;
}

const DIFF_COMMANDS: readonly { name: DiffCommand; args: string; summary: string }[] = [
  { name: "diff", args: "<before> <after>", summary: "what changed between two runs: IPs resolved, regressed, still open, new, gone; actions per party; risk" },
  { name: "trend", args: "<runs...>", summary: "the same over many runs, each compared with the one before" },
];

function addDiffOptions(cmd: Command): Command {
  cmd
    .addOption(new Option("-f, --format <format>", `output format: ${DIFF_FORMAT_NAMES.join(", ")}`).default(undefined, "table"))
    .option("--json", "short for --format json")
    .option("-o, --output <file>", "write the output to this file (atomically: complete or not at all) instead of stdout")
    .option("--input-format <format>", `override detection: ${Object.keys(INPUT_FORMAT_CHOICES).join(", ")}`, "auto")
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .option("--no-config", `ignore ./${CONFIG_FILE}`)
    .option("--status-map <file>", "JSON file extending or overriding the status table")
    .option("--risk-method <method>", "per-host security risk: average or highest (default: average)");
  for (const gate of DIFF_GATES) cmd.option(`${gate.flag} <n>`, `gate: exit 1 when ${gate.help}`);
  cmd.option("--min-severity <1-5>", "for --max-new-findings: the lowest severity counted (default: 4)");
  for (const gate of GATES) cmd.option(`${gate.flag} <${gate.kind === "count" ? "n" : "x"}>`, `gate on the later run: exit 1 when ${gate.help}`);
  return cmd
    .option("--strict", "any warning fails the run (exit 1)")
    .option("--jobs <n>", JOBS_HELP)
    .option("-q, --quiet", "no warnings on stderr (errors and failed gates still print)");
}

function addReportOptions(cmd: Command): Command {
  cmd
    .option("-o, --output <file>", "write the report to this file (atomically: complete or not at all); - or none: stdout")
    .option("--input-format <format>", `override detection: ${Object.keys(INPUT_FORMAT_CHOICES).join(", ")}`, "auto")
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .option("--no-config", `ignore ./${CONFIG_FILE}`)
    .option("--status-map <file>", "JSON file extending or overriding the status table")
    .option("--risk-method <method>", "per-host security risk: average or highest (default: average)");
  for (const gate of GATES) cmd.option(`${gate.flag} <${gate.kind === "count" ? "n" : "x"}>`, `gate: exit 1 when ${gate.help} (the report is written all the same)`);
  return cmd
    .option("--strict", "any warning fails the run (exit 1)")
    .option("--jobs <n>", JOBS_HELP)
    .option("-q, --quiet", "no warnings on stderr (errors and failed gates still print)")
    .option("--no-progress", "never show the progress line");
}

export function buildProgram(
  run: (command: CommandName, inputs: string[], raw: RawOptions) => Promise<void>,
  runDiff: (command: DiffCommand, runs: string[], raw: RawDiffOptions) => Promise<void> = async () => undefined,
  runReport: (inputs: string[], raw: RawOptions, worksheet: boolean) => Promise<void> = async () => undefined,
): Command {
  const program = new Command("scantriage")
    .description("Triage discovery scan logs and Qualys scan results and reports: which IPs were scanned, which not and why, who must act, and what changed between rounds.")
    .version(version(), "-V, --version")
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) })
    .exitOverride();
  for (const { name, summary } of COMMANDS) {
    const cmd = program.command(name).summary(summary).description(summary).argument("<input...>", "scan logs (CSV), Qualys exports (XML, JSON, CSV); .gz too; - for standard input");
    addSharedOptions(cmd).addHelpText("after", commandHelp(name)).exitOverride().action(async (inputs: string[], opts: RawOptions) => run(name, inputs, opts));
  }
  const report = program
    .command("report")
    .summary("a self-contained HTML report for people who do not run a CLI: figures, charts, worksheet, every host")
    .description("A self-contained HTML report (no network needed to open it): key figures, charts, the worksheet per responsible party, authentication failures, every host, warnings.")
    .argument("<input...>", "scan logs (CSV), Qualys exports (XML, JSON, CSV); .gz too; - for standard input");
  addReportOptions(report)
    .addHelpText("after", commandHelp("report"))
    .exitOverride()
    .action(async (inputs: string[], opts: RawOptions) => runReport(inputs, opts, false));
  const worksheet = program
    .command("worksheet")
    .summary("one responsible party's to-do list, grouped by action with the proof: CSV, Markdown or HTML, for a ticket")
    .description("One responsible party's worksheet: what to do, grouped by action, with every IP and the proof (QID and title, or the log message).")
    .argument("<input...>", "scan logs (CSV), Qualys exports (XML, JSON, CSV); .gz too; - for standard input")
    .requiredOption("--responsible <party>", "Customer or ServiceProvider")
    .addOption(new Option("-f, --format <format>", "csv, markdown or html").default(undefined, "markdown"));
  addReportOptions(worksheet)
    .addHelpText("after", commandHelp("worksheet"))
    .exitOverride()
    .action(async (inputs: string[], opts: RawOptions) => runReport(inputs, opts, true));
  for (const { name, args, summary } of DIFF_COMMANDS) {
    const cmd = program.command(`${name} ${args}`).summary(summary).description(`${summary}. A run is a file, or a directory whose files belong together.`);
    addDiffOptions(cmd)
      .addHelpText("after", commandHelp(name))
      .exitOverride()
      .action(async (...args: unknown[]) => {
        // commander passes the declared arguments, then the options.
        const opts = args[args.length - 2] as RawDiffOptions;
        const runs = args.slice(0, -2).flat() as string[];
        await runDiff(name, runs, opts);
      });
  }
  program.addHelpText("after", commandHelp("program"));
  return program;
}

function reportAndExit(err: unknown): never {
  if (err instanceof UsageError || err instanceof InputError || err instanceof OutputError) {
    process.stderr.write(`scantriage: error: ${err.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  // A bug. Still one line and exit 2 (exit 1 would read as a failed gate); the stack on request.
  if (process.env.SCANTRIAGE_DEBUG) throw err;
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`scantriage: error: internal error (${what}); run with SCANTRIAGE_DEBUG=1 for details and please report it\n`);
  process.exit(EXIT_BAD_INPUT);
}

export async function main(argv: string[]): Promise<void> {
  // Help or version into a closed pipe (`scantriage --help | head -1`) ends quietly. Command output
  // has its own handling (write-output.ts), which this listener leaves alone.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || process.stdout.listenerCount("error") > 1) return;
    process.stderr.write(`scantriage: error: cannot write the output (${err.code ?? err.message})\n`);
    process.exit(EXIT_BAD_INPUT);
  });
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  const program = buildProgram(
    async (command, inputs, raw) => {
      // Loaded only when a command runs, so that --help and --version start fast.
      const { runCommand } = await import("./run.js");
      process.exitCode = await runCommand(command, inputs, raw, io);
    },
    async (command, runs, raw) => {
      const { runDiffCommand } = await import("./run-diff.js");
      process.exitCode = await runDiffCommand(command, runs, raw, io, version());
    },
    async (inputs, raw, worksheet) => {
      const { runReportCommand } = await import("./run-report.js");
      process.exitCode = await runReportCommand(inputs, raw, version(), io, worksheet);
    },
  );
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
