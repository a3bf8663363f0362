/**
 * What `wavegate check` adds for the release rules (WG301–WG304): the plan's changes, the `--baseline` DaemonSets
 * and the ledger. Loaded by `check` only when a plan, `--baseline` or a ledger is in play, so checking a JSON file
 * loads neither the release layer nor yaml.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { loadInputs, STDIN_NAME } from "../inputs/load";
import { PlanChange, planChanges } from "../inputs/plan-changes";
import { InputError, LoadResult } from "../inputs/types";
import { ReleaseFacts } from "../policy/release-facts";
import { ledgerEvidence, ReleaseFile } from "../release";
import { readLedger, readRelease } from "./release-store";

/** Where the facts come from. */
export interface ReleaseFactsOptions {
  /** `--baseline`: the previous synth (cdktf.out, *.tf.json, any input). */
  readonly baseline?: string;
  /** The ledger (`--ledger`, or `ledger` in wavegate.json resolved against the config's directory). */
  readonly ledger?: string;
  /** The release file for bake times. */
  readonly release?: string;
  /** Working directory. */
  readonly cwd: string;
  /** Standard input (cached: the plan may have come from it). */
  readonly readStdin: () => Promise<string>;
  /** Now, for bake times. */
  readonly now: Date;
}

/** Loads the facts; throws InputError / ReleaseError (exit 2) for an unreadable baseline, ledger or release file. */
export async function loadReleaseFacts(load: LoadResult, o: ReleaseFactsOptions): Promise<ReleaseFacts> {
  const planFiles = [
    ...new Set(load.daemonSets.filter((d) => d.source.format === "plan-json").map((d) => d.source.file)),
  ];
  const changes: PlanChange[] = [];
  for (const file of planFiles) {
    const text =
      file === STDIN_NAME
        ? await o.readStdin()
        : await readFile(path.resolve(o.cwd, file), "utf8").catch((err: NodeJS.ErrnoException) => {
            throw new InputError(file, `cannot read: ${err.code ?? err.message}`);
          });
    changes.push(...planChanges(file, text));
  }
  const baseline =
    o.baseline !== undefined ? (await loadInputs([o.baseline], { cwd: o.cwd })).daemonSets : undefined;
  let release: ReleaseFile | undefined;
  if (o.release !== undefined) release = (await readRelease(o.release, o.cwd)).release;
  const evidence =
    o.ledger !== undefined
      ? ledgerEvidence(await readLedger(o.ledger, o.cwd, true), o.now, release)
      : undefined;
  return {
    ...(planFiles.length > 0 ? { planChanges: changes } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
  };
}
