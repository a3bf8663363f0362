import { formatDuration } from "./duration";
import { blockedReason, entryIsFor } from "./evidence";
import { Ledger, LedgerEntry } from "./ledger";
import { ReleaseRef, showRelease } from "./release-file";

/** Events that end a verification: the release is no longer known healthy in that wave. */
const NEGATIVE = new Set(["failed", "inconclusive", "rolled-back"]);

/** A release's evidence in one wave, from the ledger. */
export interface WaveEvidence {
  /** The last verify outcome for this release here: verified / failed / inconclusive / rolled-back; none. */
  readonly outcome?: LedgerEntry["event"];
  /** The entry of that outcome and its line. */
  readonly last?: { readonly entry: LedgerEntry; readonly line: number };
  /** When it was first verified since the last failure (the bake clock starts here); undefined unless verified. */
  readonly verifiedSince?: Date;
  /** When the release was first recorded in this wave (any event), if ever. */
  readonly since?: Date;
}

/** Where to look: an agent's wave, in a cluster when the agent's waves are clusters. */
export interface WaveAt {
  /** The agent. */
  readonly agent: string;
  /** The wave. */
  readonly wave: string;
  /** The cluster, when known. */
  readonly cluster?: string;
}

/** What the ledger says about `ref` in one wave (Kargo's `verifiedIn[stage]`, read from the recorded timestamps). */
export function waveEvidence(ledger: Ledger, at: WaveAt, ref: ReleaseRef): WaveEvidence {
  let outcome: LedgerEntry["event"] | undefined;
  let last: WaveEvidence["last"];
  let verifiedSince: Date | undefined;
  let since: Date | undefined;
  ledger.entries.forEach((e, i) => {
    if (!entryIsFor(e, at.agent, at.wave, ref, at.cluster)) return;
    if (since === undefined && e.event !== "approved") since = new Date(e.at);
    if (e.event === "verified") {
      if (outcome !== "verified") verifiedSince = new Date(e.at);
      outcome = e.event;
      last = { entry: e, line: ledger.lines[i] };
    } else if (NEGATIVE.has(e.event)) {
      outcome = e.event;
      last = { entry: e, line: ledger.lines[i] };
      verifiedSince = undefined;
    }
  });
  return { outcome, last, verifiedSince, since };
}

/** The `approved` entry for `ref` entering a wave, if any (an approval skips the bake, never the block list). */
export function approvalFor(ledger: Ledger, at: WaveAt, ref: ReleaseRef): LedgerEntry | undefined {
  return ledger.entries.find(
    (e) => e.event === "approved" && entryIsFor(e, at.agent, at.wave, ref, at.cluster),
  );
}

/** The question: may `ref` enter wave `to`, coming from the wave before it? */
export interface AdmissionQuery {
  /** The agent. */
  readonly agent: string;
  /** The previous wave (where the evidence must be). */
  readonly from: { readonly name: string; readonly cluster?: string; readonly bakeSeconds: number };
  /** The wave the release would enter. */
  readonly to: { readonly name: string; readonly cluster?: string };
  /** The release. */
  readonly ref: ReleaseRef;
  /** Now (injected: never the wall clock inside this layer). */
  readonly now: Date;
}

/** The answer. */
export interface Admission {
  /** True when the release may enter the wave now. */
  readonly allowed: boolean;
  /** What is missing, one sentence each (empty when allowed). */
  readonly missing: readonly string[];
  /** When it becomes eligible, when only time is missing. */
  readonly eligibleAt?: Date;
  /** True when a recorded approval skipped the bake. */
  readonly approved: boolean;
  /** The evidence in the previous wave. */
  readonly evidence: WaveEvidence;
  /** Seconds of bake left (0 when baked or approved). */
  readonly bakeLeftSeconds: number;
}

/**
 * Kargo's `IsFreightAvailable` for waves: the release may enter wave N when (1) it is not blocked (a block is never
 * skipped), (2) the ledger shows it verified in wave N-1, and (3) it has baked there for wave N-1's bake time since
 * that verification — or an `approved` entry for wave N skips (3). Pure: the clock is `query.now`.
 */
export function admission(ledger: Ledger, query: AdmissionQuery): Admission {
  const { agent, from, to, ref, now } = query;
  const missing: string[] = [];
  const blocked = blockedReason(ledger, agent, ref);
  if (blocked !== undefined) missing.push(blocked);
  const evidence = waveEvidence(ledger, { agent, wave: from.name, cluster: from.cluster }, ref);
  const approval = approvalFor(ledger, { agent, wave: to.name, cluster: to.cluster }, ref);
  let eligibleAt: Date | undefined;
  let bakeLeft = 0;
  const shown = showRelease(ref);
  if (evidence.outcome !== "verified" || evidence.verifiedSince === undefined) {
    const last = evidence.last;
    missing.push(
      last === undefined
        ? `${shown} is not verified in ${from.name}: ${ledger.file} has no verify outcome for it there ` +
            `(deploy ${from.name}, then run \`wavegate verify ... --record ${ledger.file}\`)`
        : `${shown} is not verified in ${from.name}: the last verify there was ${last.entry.event} ` +
            `(${ledger.file}:${last.line}, ${last.entry.at}${last.entry.reason ? `: ${last.entry.reason}` : ""})`,
    );
  } else if (approval === undefined) {
    const bakedMs = now.getTime() - evidence.verifiedSince.getTime();
    const needMs = from.bakeSeconds * 1000;
    if (bakedMs < needMs) {
      bakeLeft = (needMs - bakedMs) / 1000;
      eligibleAt = new Date(evidence.verifiedSince.getTime() + needMs);
      missing.push(
        `${shown} has baked in ${from.name} for ${formatDuration(Math.max(0, bakedMs) / 1000)} of ` +
          `${formatDuration(from.bakeSeconds)} (verified ${evidence.verifiedSince.toISOString()}): ` +
          `eligible at ${eligibleAt.toISOString()}, or approve it with --approve --reason "..."`,
      );
    }
  }
  return {
    allowed: missing.length === 0,
    missing,
    // Only time is missing: say when; a block or missing verification has no date.
    ...(eligibleAt !== undefined && missing.length === 1 ? { eligibleAt } : {}),
    approved: approval !== undefined,
    evidence,
    bakeLeftSeconds: bakeLeft,
  };
}
