import { admission, waveEvidence } from "./availability";
import { blockedReason } from "./evidence";
import { Ledger } from "./ledger";
import { ReleaseFile, ReleaseRef, sameRelease } from "./release-file";

/** One wave's row in `wavegate status`. */
export interface WaveStatus {
  /** Wave name. */
  readonly wave: string;
  /** The cluster, when stated. */
  readonly cluster?: string;
  /** What the release file pins. */
  readonly release: ReleaseRef;
  /** When the ledger first recorded this release in this wave. */
  readonly since?: string;
  /** The last verify outcome for it here (`verified`, `failed`, ...); undefined when none. */
  readonly outcome?: string;
  /** When its current verification began (the bake clock). */
  readonly verifiedSince?: string;
  /** This wave's bake time, seconds. */
  readonly bakeSeconds: number;
  /**
   * Bake left before the next wave may take this release, seconds (0 when baked; undefined when not verified, and
   * for the last wave).
   */
  readonly bakeLeftSeconds?: number;
  /** Why it is blocked, when it is. */
  readonly blocked?: string;
}

/** A promotion the release file is waiting for: a wave whose release differs from the wave before it. */
export interface PendingPromotion {
  /** The wave that would take the release. */
  readonly to: string;
  /** The wave it comes from. */
  readonly from: string;
  /** The release. */
  readonly release: ReleaseRef;
  /** True when `wavegate promote` would do it now. */
  readonly eligible: boolean;
  /** When it becomes eligible, when only time is missing. */
  readonly eligibleAt?: string;
  /** What is missing. */
  readonly missing: readonly string[];
}

/** One agent's status. */
export interface AgentStatus {
  /** The agent. */
  readonly agent: string;
  /** The cluster, when the agent is released per cluster. */
  readonly cluster?: string;
  /** Waves in rollout order. */
  readonly waves: readonly WaveStatus[];
  /** Promotions waiting, in wave order. */
  readonly next: readonly PendingPromotion[];
}

/** The status of every agent of a release file against the ledger, at `now` (pure). */
export function releaseStatus(file: ReleaseFile, ledger: Ledger, now: Date): AgentStatus[] {
  return file.agents.map((agent) => {
    const waves = agent.waves.map((w): WaveStatus => {
      const ev = waveEvidence(ledger, { agent: agent.name, wave: w.name, cluster: w.cluster }, w.ref);
      const blocked = blockedReason(ledger, agent.name, w.ref);
      const verified = ev.outcome === "verified" && ev.verifiedSince !== undefined;
      // The last wave feeds no other: its bake is moot.
      const last = w.index === agent.waves.length - 1;
      const left =
        verified && !last
          ? Math.max(0, ((ev.verifiedSince as Date).getTime() + w.bakeSeconds * 1000 - now.getTime()) / 1000)
          : undefined;
      return {
        wave: w.name,
        ...(w.cluster !== undefined ? { cluster: w.cluster } : {}),
        release: w.ref,
        ...(ev.since !== undefined ? { since: ev.since.toISOString() } : {}),
        ...(ev.outcome !== undefined ? { outcome: ev.outcome } : {}),
        ...(verified ? { verifiedSince: (ev.verifiedSince as Date).toISOString() } : {}),
        bakeSeconds: w.bakeSeconds,
        ...(left !== undefined ? { bakeLeftSeconds: Math.ceil(left) } : {}),
        ...(blocked !== undefined ? { blocked } : {}),
      };
    });
    const next: PendingPromotion[] = [];
    for (let i = 1; i < agent.waves.length; i++) {
      const from = agent.waves[i - 1];
      const to = agent.waves[i];
      if (sameRelease(from.ref, to.ref)) continue;
      const a = admission(ledger, {
        agent: agent.name,
        from: { name: from.name, cluster: from.cluster, bakeSeconds: from.bakeSeconds },
        to: { name: to.name, cluster: to.cluster },
        ref: from.ref,
        now,
      });
      next.push({
        to: to.name,
        from: from.name,
        release: from.ref,
        eligible: a.allowed,
        ...(a.eligibleAt !== undefined ? { eligibleAt: a.eligibleAt.toISOString() } : {}),
        missing: a.missing,
      });
    }
    return {
      agent: agent.name,
      ...(agent.cluster !== undefined ? { cluster: agent.cluster } : {}),
      waves,
      next,
    };
  });
}
