import { PinnedRelease, ReleaseEvidence } from "../policy/release-facts";
import { admission } from "./availability";
import { DEFAULT_BAKE, parseDuration } from "./duration";
import { blockedReason, entryIsFor } from "./evidence";
import { emptyLedger, Ledger, ledgersByAgent } from "./ledger";
import { ReleaseFile, ReleaseRef } from "./release-file";

/**
 * The ledger as the policy's `ReleaseEvidence` (WG302, WG303), judged at `now`. Bake times come from the release
 * file when one is given and names the agent and wave, else the default (1 h).
 *
 * Waves are matched by agent and wave name only: a DaemonSet's cluster is its Terraform provider reference, which
 * need not be how verify names the cluster, and wave names are unique within an agent.
 *
 * WG302 admits a wave's release when the ledger shows it verified and baked in the wave before (or approved for this
 * wave), or when the ledger already records it in this wave (it was admitted earlier: not a new change).
 *
 * Each question is asked of the agent's part of the ledger (`ledgersByAgent`, split once): the same answers as of the
 * whole ledger, in time that grows with the fleet plus the ledger rather than with their product.
 */
export function ledgerEvidence(whole: Ledger, now: Date, release?: ReleaseFile): ReleaseEvidence {
  let parts: ReadonlyMap<string, Ledger> | undefined;
  const none = emptyLedger(whole.file);
  const ledgerOf = (agent: string): Ledger => (parts ??= ledgersByAgent(whole)).get(agent) ?? none;
  return {
    file: whole.file,
    admitted(p: PinnedRelease) {
      if (p.index === 0) return undefined;
      const ledger = ledgerOf(p.agent);
      const ref = refOf(p);
      const here = ledger.entries.some(
        (e) =>
          (e.event === "deployed" || e.event === "verified") &&
          entryIsFor(e, p.agent, p.wave, ref, p.cluster),
      );
      if (here) return undefined;
      const from = p.waves[p.index - 1];
      const a = admission(ledger, {
        agent: p.agent,
        from: { name: from, bakeSeconds: bakeOf(release, p.agent, from) },
        to: { name: p.wave },
        ref,
        now,
      });
      // Blocks are WG303's to report.
      const missing = a.missing.filter((m) => blockedReason(ledger, p.agent, ref) !== m);
      return missing.length === 0 ? undefined : missing.join("; ");
    },
    blocked(p: PinnedRelease) {
      return blockedReason(ledgerOf(p.agent), p.agent, refOf(p));
    },
  };
}

function refOf(p: PinnedRelease): ReleaseRef {
  return p.contentHash === undefined
    ? { version: p.version }
    : { version: p.version, contentHash: p.contentHash };
}

function bakeOf(release: ReleaseFile | undefined, agent: string, wave: string): number {
  const w = release?.agents.find((a) => a.name === agent)?.waves.find((x) => x.name === wave);
  return w?.bakeSeconds ?? (parseDuration(DEFAULT_BAKE) as number);
}
