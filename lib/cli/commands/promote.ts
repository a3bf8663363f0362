import { Command } from "commander";
import { CliIo, EXIT, UsageError } from "../io";

/** Parsed options of `wavegate promote`. */
export interface PromoteOptions {
  /** The wave to promote into. */
  readonly to: string;
  /** Release file. @default wavegate.release.yaml (or .yml / .json) in the working directory */
  readonly release?: string;
  /** Ledger. @default wavegate.ledger.jsonl beside the release file */
  readonly ledger?: string;
  /** Cluster, when the release file lists the agent once per cluster. */
  readonly cluster?: string;
  /** Record a manual approval (skips the bake, never the block list); needs `reason`. */
  readonly approve?: boolean;
  /** Why (for --approve). */
  readonly reason?: string;
  /** Say what would happen; change nothing. */
  readonly dryRun?: boolean;
}

/** Injected for tests: the clock and the environment (CI actor). */
export interface CommandContext {
  /** Now. @default () => new Date() */
  readonly now?: () => Date;
  /** Environment, for the actor. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** `wavegate promote <agent> --to <wave>`. */
export function registerPromote(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  context: CommandContext = {},
): void {
  program
    .command("promote")
    .summary("move the previous wave's release into a wave, when the ledger shows it verified and baked")
    .description(
      "copy the previous wave's release (version, content, args, env) into <wave> when the ledger shows it verified\n" +
        "there, baked for that wave's bake time and not blocked; edits the release file in place (comments kept)\n" +
        "exit codes: 0 promoted (or nothing to do), 1 not eligible yet (says what is missing and when), 2 bad usage",
    )
    .argument("<agent>", "the agent, as named in the release file")
    .requiredOption("--to <wave>", "the wave to promote into")
    .option("--release <file>", "release file (default: wavegate.release.yaml in the working directory)")
    .option("--ledger <file>", "evidence ledger (default: wavegate.ledger.jsonl beside the release file)")
    .option("--cluster <cluster>", "the cluster, when the release file lists the agent once per cluster")
    .option("--approve", "record a manual approval: skips the bake, never the block list (needs --reason)")
    .option("--reason <text>", "why the bake may be skipped (with --approve)")
    .option("--dry-run", "say what would happen; write nothing")
    .action(async (agent: string, options: PromoteOptions) => {
      setExit(await runPromote(agent, options, io, context));
    });
}

/** Runs `promote`; resolves to the exit code; throws UsageError / ReleaseError (exit 2) for bad input. */
export async function runPromote(
  agent: string,
  options: PromoteOptions,
  io: CliIo,
  context: CommandContext = {},
): Promise<number> {
  if (options.approve && options.reason === undefined) {
    throw new UsageError('--approve needs --reason "..." (say why the bake may be skipped)');
  }
  if (!options.approve && options.reason !== undefined) {
    throw new UsageError("--reason is for --approve; without it promote records nothing");
  }
  // The release layer (zod schema, yaml) loads only when a release command runs.
  const { actorFromEnv, decidePromotion, promoteText, showRelease } = await import("../../release");
  const { appendLedger, ledgerPath, readLedger, readRelease, writeAtomic } = await import("../release-store");
  const now = (context.now ?? (() => new Date()))();
  const loaded = await readRelease(options.release, io.cwd);
  const ledgerFile = ledgerPath(options.ledger, loaded.file);
  const ledger = await readLedger(ledgerFile, io.cwd);
  const decision = decidePromotion(loaded.release, ledger, {
    agent,
    cluster: options.cluster,
    to: options.to,
    now,
    ...(options.approve
      ? { approve: { reason: options.reason as string, actor: actorFromEnv(context.env ?? process.env) } }
      : {}),
  });
  const shown = showRelease(decision.ref);
  if (decision.unchanged) {
    io.out(`wavegate: ${agent} ${decision.to.name} already runs ${shown}: nothing to promote\n`);
    return EXIT.ok;
  }
  if (!decision.admission.allowed) {
    io.err(`wavegate: cannot promote ${agent} ${decision.from.name} -> ${decision.to.name} (${shown}):\n`);
    for (const m of decision.admission.missing) io.err(`  - ${m}\n`);
    if (decision.admission.eligibleAt !== undefined) {
      io.err(`wavegate: eligible at ${decision.admission.eligibleAt.toISOString()}\n`);
    }
    return EXIT.failed;
  }
  const how = decision.admission.approved ? "approved (bake skipped)" : "verified and baked";
  if (options.dryRun) {
    io.out(
      `wavegate: would promote ${agent} ${decision.from.name} -> ${decision.to.name}: ${shown} (${how})\n`,
    );
    return EXIT.ok;
  }
  const text = promoteText(loaded.text, loaded.file, decision.agent.position, decision.to.index);
  if (decision.record.length > 0) await appendLedger(ledgerFile, io.cwd, decision.record, () => now);
  await writeAtomic(loaded.real, text);
  io.out(
    `wavegate: promoted ${agent} ${decision.from.name} -> ${decision.to.name}: ${shown} (${how}); ` +
      `wrote ${loaded.file}${decision.record.length > 0 ? `, recorded the approval in ${ledgerFile}` : ""}\n`,
  );
  return EXIT.ok;
}
