import { PlanChange } from "../inputs/plan-changes";
import { LoadedDaemonSet } from "../inputs/types";

/** One wave's release, as a checked DaemonSet states it (rollout contract annotations). */
export interface PinnedRelease {
  /** The agent. */
  readonly agent: string;
  /** The cluster. */
  readonly cluster?: string;
  /** Every wave of the agent, in order. */
  readonly waves: readonly string[];
  /** This wave. */
  readonly wave: string;
  /** Its position in `waves`. */
  readonly index: number;
  /** The version pinned (`wavegate.dev/version`). */
  readonly version: string;
  /** The content hash pinned (`wavegate.dev/content-hash`), when the wave has content. */
  readonly contentHash?: string;
}

/**
 * The evidence ledger, as the policy sees it (implemented by lib/release over `wavegate.ledger.jsonl`, passed in by
 * the CLI: rules never read files). Each method answers undefined for "allowed" or says what is wrong.
 */
export interface ReleaseEvidence {
  /** The ledger file, for messages. */
  readonly file: string;
  /** Why this release may not run in this wave yet (not verified and baked in the wave before), or undefined. */
  admitted(pinned: PinnedRelease): string | undefined;
  /** Why this release is blocked, or undefined. */
  blocked(pinned: PinnedRelease): string | undefined;
}

/** Facts beyond the DaemonSets that the release rules (WG301–WG304) read; all optional. */
export interface ReleaseFacts {
  /** The ledger (`--ledger` / `ledger` in wavegate.json): WG302, WG303. */
  readonly evidence?: ReleaseEvidence;
  /** What the checked plan JSON changes: WG301. */
  readonly planChanges?: readonly PlanChange[];
  /** The previous synth's DaemonSets (`--baseline`): WG301. */
  readonly baseline?: readonly LoadedDaemonSet[];
}
