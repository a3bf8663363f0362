import { chainEntry, Ledger, LedgerDraft, LedgerEntry, ReleaseFile } from "../../lib/release";

/** 2026-03-01T00:00:00Z, the tests' epoch. */
export const T0 = new Date("2026-03-01T00:00:00Z");

/** `T0` plus minutes. */
export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}

/** A three-wave release: canary ahead on v2.5.0 with new content, staging and production on v2.4.0. */
export const RELEASE_YAML = `# the release (comments must survive promote)
apiVersion: wavegate.dev/v1alpha1
kind: Release
agents:
  - name: agent
    waves:
      - name: canary # the 1% wave
        bake: 1h
        version: v2.5.0
        content:
          rules.yaml: |
            rules: [a, b]
        env:
          LOG_LEVEL: debug
      - name: staging
        bake: 2h
        version: v2.4.0 # staging's pin
        content:
          rules.yaml: |
            rules: [a]
      - name: production
        version: v2.4.0
        content:
          rules.yaml: |
            rules: [a]
`;

/** The release file model of `RELEASE_YAML`. */
export function release(text = RELEASE_YAML, file = "wavegate.release.yaml"): ReleaseFile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../lib/release") as typeof import("../../lib/release")).parseReleaseText(text, file);
}

/** A ledger of drafts, each recorded at its own time. */
export function ledgerOf(items: readonly [LedgerDraft, Date][], file = "wavegate.ledger.jsonl"): Ledger {
  const entries: LedgerEntry[] = [];
  for (const [draft, when] of items) {
    entries.push(chainEntry(draft, entries.length > 0 ? entries[entries.length - 1].hash : null, when));
  }
  return { file, entries, lines: entries.map((_, i) => i + 1) };
}

/** The ledger text of a ledger. */
export function ledgerText(ledger: Ledger): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ledgerLine } = require("../../lib/release") as typeof import("../../lib/release");
  return ledger.entries.map((e) => `${ledgerLine(e)}\n`).join("");
}
