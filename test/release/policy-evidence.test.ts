/**
 * `ledgerEvidence` asks each agent's part of the ledger (`ledgersByAgent`): its answers must be those of the whole
 * ledger, which the reference below asks, as ledgerEvidence did before the split.
 */
import fc from "fast-check";
import { admission } from "../../lib/release/availability";
import { DEFAULT_BAKE, parseDuration } from "../../lib/release/duration";
import { blockedReason, entryIsFor } from "../../lib/release/evidence";
import {
  chainEntry,
  Ledger,
  LedgerDraft,
  LedgerEntry,
  LEDGER_EVENTS,
  ledgersByAgent,
} from "../../lib/release/ledger";
import { ledgerEvidence } from "../../lib/release/policy-evidence";
import { PinnedRelease } from "../../lib/policy/release-facts";
import { expectToEqual } from "../helpers/expect-equal";

const AGENTS = ["agent", "probe", "shield"];
const WAVES = ["canary", "staging", "production"];
const VERSIONS = ["v1", "v2", "*"];
const HASHES = [undefined, `sha256:${"a".repeat(64)}`];
const NOW = new Date("2026-06-01T12:00:00Z");

/** The whole-ledger answers (ledgerEvidence before it split the ledger by agent), with the default bake. */
function reference(ledger: Ledger, p: PinnedRelease): { admitted?: string; blocked?: string } {
  const ref =
    p.contentHash === undefined ? { version: p.version } : { version: p.version, contentHash: p.contentHash };
  const blocked = blockedReason(ledger, p.agent, ref);
  if (p.index === 0) return { blocked };
  const here = ledger.entries.some(
    (e) =>
      (e.event === "deployed" || e.event === "verified") && entryIsFor(e, p.agent, p.wave, ref, p.cluster),
  );
  if (here) return { blocked };
  const from = p.waves[p.index - 1];
  const a = admission(ledger, {
    agent: p.agent,
    from: { name: from, bakeSeconds: parseDuration(DEFAULT_BAKE) as number },
    to: { name: p.wave },
    ref,
    now: NOW,
  });
  const missing = a.missing.filter((m) => blockedReason(ledger, p.agent, ref) !== m);
  return { admitted: missing.length === 0 ? undefined : missing.join("; "), blocked };
}

const draft: fc.Arbitrary<LedgerDraft> = fc.record(
  {
    event: fc.constantFrom(...LEDGER_EVENTS),
    agent: fc.constantFrom(...AGENTS),
    cluster: fc.constantFrom("eu", "us"),
    wave: fc.constantFrom(...WAVES),
    version: fc.constantFrom(...VERSIONS),
    contentHash: fc.constantFrom(...HASHES.filter((h): h is string => h !== undefined)),
    reason: fc.constantFrom("bad rollout", "ok"),
  },
  { requiredKeys: ["event", "agent", "version"] },
);

/** A chained ledger of `drafts`, one entry every 20 minutes up to NOW, on lines 1, 3, 5, ... */
function ledgerOf(drafts: readonly LedgerDraft[]): Ledger {
  const entries: LedgerEntry[] = [];
  let prev: string | null = null;
  drafts.forEach((d, i) => {
    const e = chainEntry(d, prev, new Date(NOW.getTime() - (drafts.length - i) * 20 * 60_000));
    entries.push(e);
    prev = e.hash;
  });
  return { file: "wavegate.ledger.jsonl", entries, lines: entries.map((_, i) => 2 * i + 1) };
}

const pinned: fc.Arbitrary<PinnedRelease> = fc
  .record({
    agent: fc.constantFrom(...AGENTS, "unrecorded"),
    cluster: fc.option(fc.constantFrom("eu", "us"), { nil: undefined }),
    index: fc.nat({ max: 2 }),
    version: fc.constantFrom("v1", "v2"),
    contentHash: fc.constantFrom(...HASHES),
  })
  .map(({ cluster, contentHash, index, ...rest }) => ({
    ...rest,
    ...(cluster !== undefined ? { cluster } : {}),
    ...(contentHash !== undefined ? { contentHash } : {}),
    waves: WAVES,
    wave: WAVES[index],
    index,
  }));

describe("ledgerEvidence over the ledger split by agent", () => {
  test("ledgersByAgent: each agent's entries and lines, in file order", () => {
    const ledger = ledgerOf([
      { event: "verified", agent: "a", wave: "canary", version: "v1" },
      { event: "verified", agent: "b", wave: "canary", version: "v1" },
      { event: "blocked", agent: "a", version: "v2" },
    ]);
    const parts = ledgersByAgent(ledger);
    expect([...parts.keys()]).toEqual(["a", "b"]);
    expect(parts.get("a")).toEqual({
      file: ledger.file,
      entries: [ledger.entries[0], ledger.entries[2]],
      lines: [1, 5],
    });
  });

  test("property: the same answers as asking the whole ledger (seeded)", () => {
    fc.assert(
      fc.property(
        fc.array(draft, { maxLength: 40 }),
        fc.array(pinned, { minLength: 1, maxLength: 8 }),
        (ds, ps) => {
          const ledger = ledgerOf(ds);
          const evidence = ledgerEvidence(ledger, NOW);
          for (const p of ps) {
            const want = reference(ledger, p);
            expectToEqual({ admitted: evidence.admitted(p), blocked: evidence.blocked(p) }, want);
          }
        },
      ),
      { numRuns: 300, seed: 1413 },
    );
  });
});
