#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerCheck } from "./commands/check";
import { registerManifests } from "./commands/manifests";
import { registerPlan } from "./commands/plan";
import { registerRollback } from "./commands/rollback";
import { registerVerify } from "./commands/verify";
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
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);
  registerCheck(program, io, setExit);
  registerPlan(program, io, setExit);
  registerManifests(program, io, setExit);
  registerVerify(program, io, setExit);
  registerRollback(program, io, setExit);
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
