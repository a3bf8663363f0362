import { ANY_VERSION, Ledger, LedgerDraft, LedgerEntry, Actor } from "./ledger";
import { ReleaseRef, sameRelease, showRelease } from "./release-file";

/**
 * What the ledger needs from one `wavegate verify` run: a structural subset of verify's report, so the report
 * itself can be passed. Unknown fields are ignored; summaries are copied into the entry's `evidence`.
 */
export interface VerifyEvidence {
  /** The agent verified. */
  readonly agent: string;
  /** The cluster (kube context / provider), when known. */
  readonly cluster?: string;
  /** The wave verified. */
  readonly wave: string;
  /** Namespace of the wave's DaemonSet. */
  readonly namespace?: string;
  /** The wave's DaemonSet. */
  readonly daemonSet?: string;
  /** The version verify expected to find rolled out. */
  readonly expectedVersion?: string;
  /** Alternative spelling of the expected version. */
  readonly version?: string;
  /** The content hash the input says the wave runs (`wavegate.dev/content-hash`), when known. */
  readonly expectedContentHash?: string;
  /** `verified`, `failed`, `inconclusive`, `progressing` or `error`. */
  readonly verdict: string;
  /** Why. */
  readonly reason?: string;
  /** When verify started / finished (ISO text or Date). */
  readonly startedAt?: string | Date;
  /** When verify finished. */
  readonly finishedAt?: string | Date;
  /** The signals read. */
  readonly signals?: unknown;
  /** Node / pod counts (verify's `counts`). */
  readonly counts?: unknown;
  /** Node counts (alternative spelling). */
  readonly nodes?: unknown;
  /** verify's stable reason code. */
  readonly reasonCode?: string;
  /** Nodes that failed. */
  readonly failedNodes?: unknown;
  /** ControllerRevisions seen. */
  readonly revisions?: unknown;
  /** The rollback verify performed, if any (`outcome: "completed"` means the wave was rolled back). */
  readonly rollback?: unknown;
}

/** Largest evidence summary kept in one ledger line (characters of JSON); longer parts are cut. */
export const MAX_EVIDENCE_CHARS = 4000;

/**
 * The ledger entry for a verify outcome: `verified`; `failed`; `rolled-back` when verify rolled the wave back (which
 * also blocks that release: see `activeBlocks`); `inconclusive` for anything else (never evidence of health).
 * @param contentHash the wave's content hash, when the caller knows it (the release file or the DaemonSet's annotation)
 */
export function verifyOutcomeDraft(
  report: VerifyEvidence,
  options: { readonly contentHash?: string; readonly actor?: Actor } = {},
): LedgerDraft {
  const version = report.expectedVersion ?? report.version;
  if (typeof version !== "string" || version === "") {
    throw new TypeError(`verify report of ${report.agent}/${report.wave} names no expected version`);
  }
  const rolledBack = didRollBack(report.rollback);
  const hash = options.contentHash ?? report.expectedContentHash;
  const event =
    report.verdict === "verified"
      ? "verified"
      : rolledBack
        ? "rolled-back"
        : report.verdict === "failed"
          ? "failed"
          : "inconclusive";
  const evidence: Record<string, unknown> = { verdict: report.verdict };
  const copy = (key: string, value: unknown) => {
    if (value === undefined) return;
    const v = value instanceof Date ? value.toISOString() : value;
    const text = JSON.stringify(v);
    evidence[key] =
      text !== undefined && text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}…` : v;
  };
  copy("namespace", report.namespace);
  copy("daemonSet", report.daemonSet);
  copy("startedAt", report.startedAt);
  copy("finishedAt", report.finishedAt);
  copy("signals", report.signals);
  copy("reasonCode", report.reasonCode);
  copy("counts", report.counts);
  copy("nodes", report.nodes);
  copy("failedNodes", report.failedNodes);
  copy("revisions", report.revisions);
  copy("rollback", report.rollback);
  return {
    event,
    agent: report.agent,
    ...(report.cluster !== undefined ? { cluster: report.cluster } : {}),
    wave: report.wave,
    version,
    ...(hash !== undefined ? { contentHash: hash } : {}),
    ...(report.reason !== undefined ? { reason: report.reason } : {}),
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
    evidence,
  };
}

function didRollBack(rollback: unknown): boolean {
  if (rollback === undefined || rollback === null || rollback === false) return false;
  if (rollback === true) return true;
  if (typeof rollback !== "object") return false;
  const r = rollback as Record<string, unknown>;
  if (typeof r.rolledBack === "boolean") return r.rolledBack;
  if (typeof r.outcome === "string") return /^(completed|rolled-?back|done|succeeded)$/i.test(r.outcome);
  if (typeof r.ok === "boolean") return r.ok;
  return false;
}

/** A block in force: the entry that set it. */
export interface ActiveBlock {
  /** The `blocked` or `rolled-back` entry. */
  readonly entry: LedgerEntry;
  /** Its line. */
  readonly line: number;
}

const blockKey = (e: Pick<LedgerEntry, "agent" | "version" | "contentHash">) =>
  `${e.agent}\u0000${e.version}\u0000${e.contentHash ?? ""}`;

/**
 * The blocks in force per agent: every `blocked` and `rolled-back` entry not lifted by a later `unblocked` of the
 * same agent, version and content hash. Blocks hold in every cluster and wave.
 */
export function activeBlocks(ledger: Ledger, agent?: string): ActiveBlock[] {
  const active = new Map<string, ActiveBlock>();
  ledger.entries.forEach((e, i) => {
    if (agent !== undefined && e.agent !== agent) return;
    if (e.event === "blocked" || e.event === "rolled-back")
      active.set(blockKey(e), { entry: e, line: ledger.lines[i] });
    else if (e.event === "unblocked") active.delete(blockKey(e));
  });
  return [...active.values()];
}

/** True when a block entry covers the release: its version (or `*`) and, when it names one, its content hash. */
export function blockCovers(block: Pick<LedgerEntry, "version" | "contentHash">, ref: ReleaseRef): boolean {
  return (
    (block.version === ANY_VERSION || block.version === ref.version) &&
    (block.contentHash === undefined || block.contentHash === ref.contentHash)
  );
}

/** Why `ref` is blocked for `agent` (naming the ledger line), or undefined when it is not. */
export function blockedReason(ledger: Ledger, agent: string, ref: ReleaseRef): string | undefined {
  const hit = activeBlocks(ledger, agent).find((b) => blockCovers(b.entry, ref));
  if (hit === undefined) return undefined;
  const e = hit.entry;
  const what = e.event === "rolled-back" ? `rolled back in ${e.wave ?? "a wave"}` : "blocked";
  const by = e.actor?.name ? ` by ${e.actor.name}` : "";
  return (
    `${showRelease(ref)} is ${what} (${ledger.file}:${hit.line}, ${e.at}${by}${e.reason ? `: ${e.reason}` : ""}); ` +
    `lift it with \`wavegate unblock ${agent} ${e.version}${e.contentHash ? ` --content ${e.contentHash}` : ""} --reason ...\``
  );
}

/** True when an entry is about this release in this wave (cluster matched when both name one). */
export function entryIsFor(
  e: LedgerEntry,
  agent: string,
  wave: string,
  ref: ReleaseRef,
  cluster: string | undefined,
): boolean {
  return (
    e.agent === agent &&
    e.wave === wave &&
    (e.cluster === undefined || cluster === undefined || e.cluster === cluster) &&
    sameRelease({ version: e.version, contentHash: e.contentHash }, ref)
  );
}
