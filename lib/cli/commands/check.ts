import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { Command, Option } from "commander";
import { INPUT_FORMATS, loadInputs } from "../../inputs/load";
import { LARGE_LOAD, releaseMemory } from "../../inputs/memory";
import { InputFormat, LoadResult } from "../../inputs/types";
import { ValidationError } from "../../model/errors";
import type { LoadedConfig } from "../../policy/config";
import { evaluateGate, FAIL_ON_LEVELS, FailOn } from "../../policy/gate";
import { loadReporter, REPORT_FORMATS, ReportFormat } from "../../policy/reporters/formats";
import { summaryLine } from "../../policy/reporters/summary";
import { ReleaseFacts } from "../../policy/release-facts";
import { printable } from "../../model/printable";
import { CliIo, EXIT, UsageError } from "../io";
import { guardOutput } from "../output-guard";

/** Parsed options of `wavegate check`. */
export interface CheckOptions {
  /** Report format. @default "text" */
  readonly format: ReportFormat;
  /** File to write the report to. @default standard output */
  readonly output?: string;
  /** Lowest severity that fails the gate. @default the config's `failOn`, else "error" */
  readonly failOn?: FailOn;
  /** Config file. @default `wavegate.json` in the working directory, when present */
  readonly config?: string;
  /** Read every input as this format. @default detected per path */
  readonly inputFormat?: InputFormat;
  /** Also list passes and not-applicable results (text, json). @default false */
  readonly verbose?: boolean;
  /** The previous synth to compare each wave against (WG301). @default none */
  readonly baseline?: string;
  /** The evidence ledger (WG302, WG303). @default the config's `ledger`, else none */
  readonly ledger?: string;
  /** The release file whose bake times WG302 uses. @default the config's `release`, else 1 h per wave */
  readonly release?: string;
}

/** `wavegate check <path...>`: the CI policy gate. */
export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("check")
    .description(
      "check DaemonSets in cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML against the rollout policy\n" +
        "exit codes: 0 gate passed, 1 gate failed, 2 bad usage or unreadable / malformed input",
    )
    .argument("<path...>", "files or directories to check (- reads standard input)")
    .addOption(new Option("-f, --format <format>", "report format").choices(REPORT_FORMATS).default("text"))
    .option(
      "-o, --output <file>",
      "write the report to this file instead of standard output (never an input file)",
    )
    .addOption(
      new Option("--fail-on <level>", "lowest severity that fails the gate (default: error)").choices(
        FAIL_ON_LEVELS,
      ),
    )
    .option(
      "-c, --config <file>",
      "config file (default: wavegate.json in the working directory, when present)",
    )
    .addOption(
      new Option("--input-format <format>", "read every input as this format").choices(INPUT_FORMATS),
    )
    .option("--verbose", "also list passes and not-applicable results (text, json)")
    .option(
      "--baseline <path>",
      "previous synth (cdktf.out or *.tf.json) to compare each wave against (WG301)",
    )
    .option("--ledger <file>", "evidence ledger for WG302 / WG303 (default: `ledger` in wavegate.json)")
    .option(
      "--release <file>",
      "release file whose bake times WG302 uses (default: `release` in wavegate.json)",
    )
    .action(async (paths: string[], options: CheckOptions) => {
      setExit(await runCheck(paths, options, io));
    });
}

/**
 * Runs the gate: loads the config and the inputs, runs the policy, renders the report to stdout or `--output`.
 * Resolves to 0 (passed) or 1 (failed); throws `InputError` / `UsageError` (exit 2) for bad input or usage.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions, io: CliIo): Promise<number> {
  const format = options.format ?? "text";
  // The policy loads with the command that runs it (`plan` and `manifests` never load the rules or the config).
  const [{ ConfigError, loadConfig }, { runPolicy }, { ALL_RULES }] = await Promise.all([
    import("../../policy/config"),
    import("../../policy/engine"),
    import("../../policy/rules"),
  ]);
  const config = await loadConfig({
    cwd: io.cwd,
    file: options.config,
    knownRuleIds: ALL_RULES.map((r) => r.id),
  });
  // Refused before and after loading: an input (by inode), inside an input directory, the config, a dead FIFO.
  const configFiles = [
    ...(config.file !== undefined ? [config.file] : []),
    ...[options.ledger, options.release, options.baseline].filter((p): p is string => p !== undefined),
  ];
  const output =
    options.output !== undefined
      ? await guardOutput("--output", options.output, { given: paths, files: configFiles }, io.cwd)
      : undefined;
  let stdin: Promise<string> | undefined;
  const readStdin = () => (stdin ??= io.readStdin());
  const load = await loadInputs([...paths], {
    format: options.inputFormat,
    cwd: io.cwd,
    readStdin,
  });
  releaseMemory(load.daemonSets.length >= LARGE_LOAD); // the input text and parsed JSON are garbage now
  const release = await releaseFacts(load, options, config, io.cwd, readStdin);
  if (output !== undefined) {
    await guardOutput(
      "--output",
      options.output as string,
      { given: paths, files: [...configFiles, ...load.files] },
      io.cwd,
    );
  }

  let report;
  try {
    report = runPolicy({ ...load, release }, config.options, config.suppressions);
  } catch (err) {
    if (err instanceof ValidationError && config.file !== undefined) {
      throw new ConfigError(config.file, `options.${err.message}`);
    }
    throw err;
  }
  releaseMemory(load.daemonSets.length >= LARGE_LOAD); // the rules' intermediate results, before the report is rendered
  const gate = evaluateGate(report, options.failOn ?? config.failOn ?? "error");
  const color = io.isTty && format === "text" && output === undefined;
  const text = (await loadReporter(format))(report, { gate, color, verbose: options.verbose });

  if (output !== undefined) {
    await writeFile(output, text, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`${options.output}: cannot write the report: ${err.code ?? err.message}`);
    });
    io.out(`wavegate: wrote the ${format} report to ${printable(options.output ?? "")}\n`);
    io.out(`wavegate: ${summaryLine(report, gate)}\n`);
  } else {
    io.out(text);
    // Machine-readable output owns stdout: the verdict goes to stderr, so CI logs still show it.
    if (format !== "text") io.err(`wavegate: ${summaryLine(report, gate)}\n`);
  }
  if (!gate.passed) io.err(`wavegate: gate failed: ${gate.reasons.join(", ")}\n`);
  return gate.passed ? EXIT.ok : EXIT.failed;
}

/** The release rules' facts, loaded (with the release layer) only when a plan, baseline or ledger is in play. */
async function releaseFacts(
  load: LoadResult,
  options: CheckOptions,
  config: LoadedConfig,
  cwd: string,
  readStdin: () => Promise<string>,
): Promise<ReleaseFacts | undefined> {
  const fromConfig = (p: string | undefined) =>
    p !== undefined && config.file !== undefined ? path.join(path.dirname(config.file), p) : p;
  const ledger = options.ledger ?? fromConfig(config.ledger);
  const releaseFile = options.release ?? fromConfig(config.release);
  const plan = load.daemonSets.some((d) => d.source.format === "plan-json");
  if (!plan && options.baseline === undefined && ledger === undefined) return undefined;
  const { loadReleaseFacts } = await import("../release-facts");
  return loadReleaseFacts(load, {
    baseline: options.baseline,
    ledger,
    release: releaseFile,
    cwd,
    readStdin,
    now: new Date(),
  });
}
