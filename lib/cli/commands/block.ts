import { Command } from "commander";
import type { LedgerDraft } from "../../release";
import { CliIo, EXIT, UsageError } from "../io";
import { CommandContext } from "./promote";

/** The release layer's ANY_VERSION and MIN_REASON, spelled here so registering the commands loads nothing. */
const ANY_VERSION = "*";
const MIN_REASON = 10;

/** Parsed options of `wavegate block` / `unblock`. */
export interface BlockOptions {
  /** Why (at least 10 characters). */
  readonly reason: string;
  /** Block only this content hash (with `*` as the version: that content with any version). */
  readonly content?: string;
  /** Ledger. @default wavegate.ledger.jsonl in the working directory */
  readonly ledger?: string;
}

/** `wavegate block <agent> <version>` and `wavegate unblock <agent> <version>`. */
export function registerBlock(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  context: CommandContext = {},
): void {
  for (const event of ["blocked", "unblocked"] as const) {
    const verb = event === "blocked" ? "block" : "unblock";
    program
      .command(verb)
      .summary(
        event === "blocked"
          ? "record that a version (or content) must not run in any wave"
          : "lift a block recorded by `block` or by a rollback",
      )
      .description(
        event === "blocked"
          ? "record in the ledger that a version (or content) must not run in any wave: promote refuses it, check\n" +
              "fails WG303 wherever it is pinned (a rollback recorded by verify blocks its release too)\n" +
              "exit codes: 0 recorded, 2 bad usage or a broken ledger"
          : "lift a block recorded by `block` or by a rollback (same agent, version and --content)\n" +
              "exit codes: 0 recorded, 2 bad usage or a broken ledger",
      )
      .argument("<agent>", "the agent")
      .argument("<version>", `the version (tag / digest), or ${ANY_VERSION} with --content for content alone`)
      .requiredOption("--reason <text>", `why (at least ${MIN_REASON} characters)`)
      .option("--content <hash>", "only this content hash (sha256:...)")
      .option("--ledger <file>", "evidence ledger (default: wavegate.ledger.jsonl in the working directory)")
      .action(async (agent: string, version: string, options: BlockOptions) => {
        setExit(await runBlock(event, agent, version, options, io, context));
      });
  }
}

/** Appends a `blocked` / `unblocked` entry; resolves to 0; throws UsageError (exit 2) for bad arguments. */
export async function runBlock(
  event: "blocked" | "unblocked",
  agent: string,
  version: string,
  options: BlockOptions,
  io: CliIo,
  context: CommandContext = {},
): Promise<number> {
  if ((options.reason ?? "").trim().length < MIN_REASON) {
    throw new UsageError(`--reason: say why, in at least ${MIN_REASON} characters`);
  }
  if (options.content !== undefined && !/^sha256:[a-f0-9]{64}$/.test(options.content)) {
    throw new UsageError(`--content ${options.content}: not a content hash (sha256: and 64 hex digits)`);
  }
  if (version === ANY_VERSION && options.content === undefined) {
    throw new UsageError(`${ANY_VERSION} blocks every version: name a --content hash with it`);
  }
  const { actorFromEnv } = await import("../../release");
  const { appendLedger, ledgerPath } = await import("../release-store");
  const file = ledgerPath(options.ledger, undefined);
  const draft: LedgerDraft = {
    event,
    agent,
    version,
    ...(options.content !== undefined ? { contentHash: options.content } : {}),
    reason: options.reason.trim(),
    actor: actorFromEnv(context.env ?? process.env),
  };
  const ledger = await appendLedger(file, io.cwd, [draft], context.now);
  io.out(
    `wavegate: ${event} ${agent} ${version}${options.content ? ` content ${options.content}` : ""} ` +
      `(${file}:${ledger.lines[ledger.lines.length - 1]})\n`,
  );
  return EXIT.ok;
}
