import { Command, Option } from "commander";
import type { StatusFormat } from "../../release";
import { CliIo, EXIT } from "../io";
import { CommandContext } from "./promote";

/** The formats of `status` (the release layer's STATUS_FORMATS, spelled here so registering loads nothing). */
const FORMATS: readonly StatusFormat[] = ["text", "json", "markdown"];

/** Parsed options of `wavegate status`. */
export interface StatusOptions {
  /** Output format. @default "text" */
  readonly format?: StatusFormat;
  /** Release file. @default wavegate.release.yaml in the working directory */
  readonly release?: string;
  /** Ledger. @default wavegate.ledger.jsonl beside the release file */
  readonly ledger?: string;
  /** Only this agent. @default every agent */
  readonly agent?: string;
}

/** `wavegate status`: per agent, each wave's release, since when, verified or not, bake left, what is next. */
export function registerStatus(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  context: CommandContext = {},
): void {
  program
    .command("status")
    .summary("each wave's release, verified or not, bake left, and what can be promoted next")
    .description(
      "per agent: each wave's release (version, content hash), since when, verified or not, bake left, and what\n" +
        "can be promoted next and when\nexit codes: 0, 2 bad usage, invalid release file or a broken ledger (naming the line)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .option("--release <file>", "release file (default: wavegate.release.yaml in the working directory)")
    .option("--ledger <file>", "evidence ledger (default: wavegate.ledger.jsonl beside the release file)")
    .option("--agent <agent>", "only this agent")
    .action(async (options: StatusOptions) => {
      setExit(await runStatus(options, io, context));
    });
}

/** Runs `status`; resolves to 0; throws (exit 2) for a missing / invalid release file or a broken ledger. */
export async function runStatus(
  options: StatusOptions,
  io: CliIo,
  context: CommandContext = {},
): Promise<number> {
  const { releaseStatus, renderStatus } = await import("../../release");
  const { ledgerPath, readLedger, readRelease } = await import("../release-store");
  const now = (context.now ?? (() => new Date()))();
  const loaded = await readRelease(options.release, io.cwd);
  const ledger = await readLedger(ledgerPath(options.ledger, loaded.file), io.cwd);
  if (options.agent !== undefined) loaded.release.agent(options.agent); // Throws for an unknown agent.
  const status = releaseStatus(loaded.release, ledger, now).filter(
    (s) => options.agent === undefined || s.agent === options.agent,
  );
  io.out(renderStatus(status, options.format ?? "text", now));
  return EXIT.ok;
}
