#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerCheck } from "./commands/check";
import { registerManifests } from "./commands/manifests";
import { registerPlan } from "./commands/plan";
import { printable } from "../model/printable";
import { registerExplain, registerRules } from "./commands/rules";
import { registerRollback } from "./commands/rollback";
import { registerVerify } from "./commands/verify";
import { registerPromote } from "./commands/promote";
import { registerStatus } from "./commands/status";
import { registerBlock } from "./commands/block";
import { CliIo, describeError, EXIT, processIo } from "./io";

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * Never throws: bad input becomes a one-line error and exit code 2.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command()
    .name("wavegate")
    .description("Phased, policy-gated rollouts of node agents (Kubernetes DaemonSets).")
    .version(version(), "-V, --version")
    .exitOverride()
    // commander quotes arguments in its errors (`unknown option '...'`): escape them like every message.
    .configureOutput({ writeOut: io.out, writeErr: (t) => io.err(t.split("\n").map(printable).join("\n")) })
    .showSuggestionAfterError(true);
  registerCheck(program, io, setExit);
  registerPlan(program, io, setExit);
  registerManifests(program, io, setExit);
  registerRules(program, io, setExit);
  registerExplain(program, io, setExit);
  registerVerify(program, io, setExit);
  registerRollback(program, io, setExit);
  registerPromote(program, io, setExit);
  registerStatus(program, io, setExit);
  registerBlock(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed its own usage message for the rest.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`wavegate: ${describeError(error)}\n`);
    return EXIT.usage;
  }
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../package.json") as { version: string }).version;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
