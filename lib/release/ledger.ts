import { z } from "zod/v4";
import { canonicalJson, sha256 } from "../model/canonical";
import { ReleaseError } from "./errors";
import { fieldPath, issueText } from "./schema";

/** The default ledger file, beside the release file. */
export const LEDGER_FILE = "wavegate.ledger.jsonl";

/** What an entry records. */
export const LEDGER_EVENTS = [
  "deployed",
  "verified",
  "failed",
  "inconclusive",
  "rolled-back",
  "approved",
  "blocked",
  "unblocked",
] as const;

/** One event kind. */
export type LedgerEvent = (typeof LEDGER_EVENTS)[number];

/** Who recorded an entry: the CI run and commit when present, else the local user. */
export interface Actor {
  /** User or CI actor name. */
  readonly name?: string;
  /** The CI run's URL. */
  readonly runUrl?: string;
  /** The commit the run built. */
  readonly commit?: string;
}

/** The version a block matches when it blocks content only (any version with that content). */
export const ANY_VERSION = "*";

/** An entry before it is chained: what the caller states. */
export interface LedgerDraft {
  /** What happened. */
  readonly event: LedgerEvent;
  /** The agent. */
  readonly agent: string;
  /** The cluster, when the agent's waves span clusters or it is released per cluster. */
  readonly cluster?: string;
  /** The wave (every event but `blocked` / `unblocked`). */
  readonly wave?: string;
  /** The release's version (`*` for a content-only block). */
  readonly version: string;
  /** The release's content hash, when it has one. */
  readonly contentHash?: string;
  /** Why (blocks, approvals, failures). */
  readonly reason?: string;
  /** Who. */
  readonly actor?: Actor;
  /** An evidence summary (verify's signals, node counts, revisions, timings). */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** One line of the ledger. */
export interface LedgerEntry extends LedgerDraft {
  /** Format version. */
  readonly v: 1;
  /** When it was recorded (ISO 8601, UTC). */
  readonly at: string;
  /** The hash of the entry before it; null for the first. */
  readonly prev: string | null;
  /** `sha256:` of this entry's canonical JSON without `hash`. */
  readonly hash: string;
}

/** A ledger as read: entries with their 1-based line numbers. */
export interface Ledger {
  /** The file, for messages. */
  readonly file: string;
  /** Entries in file order. */
  readonly entries: readonly LedgerEntry[];
  /** `lines[i]` is the line of `entries[i]`. */
  readonly lines: readonly number[];
}

/**
 * The ledger split by agent: each agent's entries (with their lines), in file order, as a ledger of its own. Every
 * question the policy asks of a ledger is about one agent (its blocks, its verifications, its approvals), so asking
 * the agent's part gives the same answer; one pass builds them all, where asking the whole ledger for each of N
 * DaemonSets reads all E entries N times.
 */
export function ledgersByAgent(ledger: Ledger): ReadonlyMap<string, Ledger> {
  const parts = new Map<string, { entries: LedgerEntry[]; lines: number[] }>();
  ledger.entries.forEach((e, i) => {
    let part = parts.get(e.agent);
    if (part === undefined) parts.set(e.agent, (part = { entries: [], lines: [] }));
    part.entries.push(e);
    part.lines.push(ledger.lines[i]);
  });
  const out = new Map<string, Ledger>();
  for (const [agent, part] of parts) out.set(agent, { file: ledger.file, ...part });
  return out;
}

const actorSchema = z
  .object({ name: z.string().optional(), runUrl: z.string().optional(), commit: z.string().optional() })
  .strict();

const entrySchema = z
  .object({
    v: z.literal(1),
    at: z.iso.datetime({ offset: true }),
    event: z.enum(LEDGER_EVENTS),
    agent: z.string().min(1),
    cluster: z.string().min(1).optional(),
    wave: z.string().min(1).optional(),
    version: z.string().min(1),
    contentHash: z
      .string()
      .regex(/^sha256:[a-f0-9]{64}$/)
      .optional(),
    reason: z.string().optional(),
    actor: actorSchema.optional(),
    evidence: z.record(z.string(), z.unknown()).optional(),
    prev: z.string().nullable(),
    hash: z.string(),
  })
  .strict();

/** The hash an entry must carry: over its canonical JSON without `hash`. */
export function entryHash(entry: Omit<LedgerEntry, "hash">): string {
  const { hash: _drop, ...rest } = entry as LedgerEntry;
  return sha256(canonicalJson(rest));
}

/** Chains a draft after `prev` (the last entry's hash, or null for an empty ledger), at `now`. Pure. */
export function chainEntry(draft: LedgerDraft, prev: string | null, now: Date): LedgerEntry {
  const body = { v: 1 as const, at: now.toISOString(), ...stripUndefined(draft), prev };
  return { ...body, hash: entryHash(body) };
}

/** The line written for an entry (canonical JSON: sorted keys, no spaces), without the newline. */
export function ledgerLine(entry: LedgerEntry): string {
  return canonicalJson(entry);
}

/** The ledger text with `drafts` appended after `ledger`'s last entry: what the writer renames into place. */
export function appendText(
  current: string,
  ledger: Ledger,
  drafts: readonly LedgerDraft[],
  now: Date,
): string {
  let prev = ledger.entries.length > 0 ? ledger.entries[ledger.entries.length - 1].hash : null;
  let text = current.length > 0 && !current.endsWith("\n") ? `${current}\n` : current;
  for (const draft of drafts) {
    const entry = chainEntry(draft, prev, now);
    text += `${ledgerLine(entry)}\n`;
    prev = entry.hash;
  }
  return text;
}

/**
 * Parses and verifies a ledger: every line one JSON entry, each carrying the hash of the one before it and its own
 * hash. An edited line fails its own hash; a deleted, inserted or reordered line breaks the chain at the line after.
 * Blank lines are ignored (their numbers still count).
 * @throws ReleaseError naming the file and the line
 */
export function parseLedger(text: string, file: string): Ledger {
  const entries: LedgerEntry[] = [];
  const lines: number[] = [];
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i].replace(/\r$/, "");
    if (row.trim() === "") continue;
    const where = `line ${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch (err) {
      throw new ReleaseError(
        file,
        where,
        `not JSON (${(err as Error).message})`,
        "Restore the line from git.",
      );
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReleaseError(
        file,
        `${where}: ${fieldPath(issue.path)}`,
        issueText(issue),
        "Restore the line from git; append entries only with wavegate.",
      );
    }
    const entry = parsed.data as LedgerEntry;
    if (!lineHashMatches(row, entry.hash) && entryHash(entry) !== entry.hash) {
      throw new ReleaseError(
        file,
        where,
        "the entry was edited: its hash does not match its content",
        "The ledger is append-only: restore the line from git and record a new entry instead.",
      );
    }
    const before = entries.length > 0 ? entries[entries.length - 1] : undefined;
    if (before === undefined && entry.prev !== null) {
      throw new ReleaseError(
        file,
        where,
        "the first entry names a previous entry: lines were deleted from the start of the ledger",
        "Restore the deleted lines from git.",
      );
    }
    if (before !== undefined && entry.prev !== before.hash) {
      throw new ReleaseError(
        file,
        where,
        `it does not follow line ${lines[lines.length - 1]}: a line was deleted, inserted or reordered`,
        "The ledger is append-only: restore it from git.",
      );
    }
    entries.push(entry);
    lines.push(i + 1);
  }
  return { file, entries, lines };
}

/**
 * Fast path for a line as wavegate writes it (canonical JSON): the line without its `"hash"` member is the exact text
 * that was hashed, so hashing it settles the check without re-serializing. Anything else (a line re-formatted by hand
 * but equal in content) falls back to `entryHash`. `hash` never sorts first (`agent` is required), so a comma
 * precedes it.
 */
function lineHashMatches(row: string, hash: string): boolean {
  const member = `,"hash":${JSON.stringify(hash)}`;
  const at = row.indexOf(member);
  return at >= 0 && sha256(row.slice(0, at) + row.slice(at + member.length)) === hash;
}

/** An empty ledger (no file yet). */
export function emptyLedger(file: string): Ledger {
  return { file, entries: [], lines: [] };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
