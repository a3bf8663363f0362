import { WaveRelease } from "../model/wave-release";
import { Admission, admission } from "./availability";
import { ReleaseError } from "./errors";
import { Actor, chainEntry, Ledger, LedgerDraft } from "./ledger";
import { ReleaseAgent, ReleaseFile, ReleaseRef, ReleaseWave, sameRelease } from "./release-file";
import { ReleaseFileData } from "./schema";

/** What `wavegate promote` was asked. */
export interface PromoteRequest {
  /** The agent. */
  readonly agent: string;
  /** The cluster, when the release file lists the agent once per cluster. */
  readonly cluster?: string;
  /** The wave to promote into (it gets the previous wave's release). */
  readonly to: string;
  /** Now (injected). */
  readonly now: Date;
  /** A manual approval: skips the bake, never the block list; recorded in the ledger. */
  readonly approve?: { readonly reason: string; readonly actor?: Actor };
}

/** What promote decided. */
export interface PromoteDecision {
  /** The agent, as in the release file. */
  readonly agent: ReleaseAgent;
  /** The wave the release comes from. */
  readonly from: ReleaseWave;
  /** The wave it enters. */
  readonly to: ReleaseWave;
  /** The release copied (version, content, args, env). */
  readonly release: WaveRelease;
  /** Its identity. */
  readonly ref: ReleaseRef;
  /** True when `to` already runs it: nothing to change. */
  readonly unchanged: boolean;
  /** The availability decision (with the approval counted, when one was asked for). */
  readonly admission: Admission;
  /** Ledger entries to append when the promotion goes ahead (the approval). */
  readonly record: readonly LedgerDraft[];
}

/** Shortest reason accepted for an approval, block or unblock. */
export const MIN_REASON = 10;

/**
 * Decides a promotion (pure): the wave `to` may take the previous wave's release when the ledger shows it verified
 * there, baked for that wave's bake time (from recorded timestamps), and not blocked. An approval counts as if it were
 * already recorded, so `--approve` skips the bake in the same run.
 * @throws ReleaseError for an unknown agent or wave, the first wave (nothing comes before it), or a short reason
 */
export function decidePromotion(file: ReleaseFile, ledger: Ledger, req: PromoteRequest): PromoteDecision {
  const agent = file.agent(req.agent, req.cluster);
  const toIndex = agent.waves.findIndex((w) => w.name === req.to);
  if (toIndex < 0) {
    throw new ReleaseError(
      file.file,
      `agents[${agent.position}].waves`,
      `agent ${JSON.stringify(agent.name)} has no wave ${JSON.stringify(req.to)}`,
      `Use one of ${agent.waves
        .slice(1)
        .map((w) => JSON.stringify(w.name))
        .join(", ")}.`,
    );
  }
  if (toIndex === 0) {
    throw new ReleaseError(
      file.file,
      `agents[${agent.position}].waves[0]`,
      `${req.to} is the first wave: nothing is promoted into it`,
      "Set its version and content in the release file directly (the canary is where a release starts).",
    );
  }
  if (req.approve !== undefined && req.approve.reason.trim().length < MIN_REASON) {
    throw new ReleaseError(
      file.file,
      "--reason",
      "an approval needs a reason",
      `Say why the bake may be skipped, in at least ${MIN_REASON} characters.`,
    );
  }
  const from = agent.waves[toIndex - 1];
  const to = agent.waves[toIndex];
  const ref = from.ref;
  const record: LedgerDraft[] = [];
  if (req.approve !== undefined) {
    record.push({
      event: "approved",
      agent: agent.name,
      ...(to.cluster !== undefined ? { cluster: to.cluster } : {}),
      wave: to.name,
      version: ref.version,
      ...(ref.contentHash !== undefined ? { contentHash: ref.contentHash } : {}),
      reason: req.approve.reason,
      ...(req.approve.actor !== undefined ? { actor: req.approve.actor } : {}),
    });
  }
  const withApproval = withDrafts(ledger, record, req.now);
  const decided = admission(withApproval, {
    agent: agent.name,
    from: { name: from.name, cluster: from.cluster, bakeSeconds: from.bakeSeconds },
    to: { name: to.name, cluster: to.cluster },
    ref,
    now: req.now,
  });
  return {
    agent,
    from,
    to,
    release: from.release,
    ref,
    unchanged: sameRelease(to.ref, ref),
    admission: decided,
    record,
  };
}

/**
 * The release data after promoting `agents[agent].waves[to]` from the wave before it: that one wave's version,
 * content, args and env become the previous wave's; its name, cluster and bake stay. Every other wave is untouched.
 */
export function promotedData(data: ReleaseFileData, agent: number, to: number): ReleaseFileData {
  const source = data.agents[agent].waves[to - 1];
  const target = data.agents[agent].waves[to];
  const next = { ...target, version: source.version };
  for (const key of ["content", "args", "env"] as const) {
    if (source[key] === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = structuredClone(source[key]);
  }
  return {
    ...data,
    agents: data.agents.map((a, i) =>
      i !== agent ? a : { ...a, waves: a.waves.map((w, j) => (j === to ? next : w)) },
    ),
  };
}

/** The ledger as if `drafts` were appended at `now` (lines numbered after the last). */
function withDrafts(ledger: Ledger, drafts: readonly LedgerDraft[], now: Date): Ledger {
  if (drafts.length === 0) return ledger;
  const entries = [...ledger.entries];
  const lines = [...ledger.lines];
  let prev = entries.length > 0 ? entries[entries.length - 1].hash : null;
  let line = lines.length > 0 ? lines[lines.length - 1] : 0;
  for (const d of drafts) {
    const e = chainEntry(d, prev, now);
    entries.push(e);
    lines.push(++line);
    prev = e.hash;
  }
  return { ...ledger, entries, lines };
}
