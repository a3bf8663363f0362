import {
  activeBlocks,
  actorFromEnv,
  appendText,
  emptyLedger,
  entryHash,
  LedgerDraft,
  ledgerLine,
  parseLedger,
  verifyOutcomeDraft,
} from "../../lib/release";
import { at, ledgerOf, ledgerText } from "./helpers";

const drafts: LedgerDraft[] = [
  { event: "verified", agent: "agent", wave: "canary", version: "v2.5.0" },
  { event: "blocked", agent: "agent", version: "v2.4.9", reason: "crashes on kernel 5.4" },
  { event: "verified", agent: "agent", wave: "staging", version: "v2.5.0" },
  { event: "approved", agent: "agent", wave: "production", version: "v2.5.0", reason: "incident fix" },
];

function text(): string {
  return ledgerText(ledgerOf(drafts.map((d, i) => [d, at(i)])));
}

function lines(): string[] {
  return text().trimEnd().split("\n");
}

describe("the ledger's hash chain", () => {
  test("an untouched ledger parses, entries in order with their line numbers", () => {
    const ledger = parseLedger(text(), "l.jsonl");
    expect(ledger.entries.map((e) => e.event)).toEqual(["verified", "blocked", "verified", "approved"]);
    expect(ledger.lines).toEqual([1, 2, 3, 4]);
    expect(ledger.entries[0].prev).toBeNull();
    expect(ledger.entries[1].prev).toBe(ledger.entries[0].hash);
  });

  test("an edited line is detected, naming the line", () => {
    const l = lines();
    l[1] = l[1].replace("crashes on kernel 5.4", "fine actually");
    expect(() => parseLedger(l.join("\n"), "l.jsonl")).toThrow(/^l\.jsonl: line 2: the entry was edited/);
  });

  test("an edited line whose hash was recomputed breaks the chain at the next line", () => {
    const l = lines();
    const e = JSON.parse(l[1]);
    e.reason = "fine actually";
    e.hash = entryHash(e);
    l[1] = ledgerLine(e);
    expect(() => parseLedger(l.join("\n"), "l.jsonl")).toThrow(/line 3: it does not follow line 2/);
  });

  test("a deleted line is detected at the line after it", () => {
    const l = lines();
    l.splice(1, 1);
    expect(() => parseLedger(l.join("\n"), "l.jsonl")).toThrow(
      /line 2: it does not follow line 1: a line was deleted/,
    );
  });

  test("a deleted first line is detected", () => {
    expect(() => parseLedger(lines().slice(1).join("\n"), "l.jsonl")).toThrow(
      /line 1: the first entry names a previous entry/,
    );
  });

  test("reordered lines are detected", () => {
    const l = lines();
    [l[1], l[2]] = [l[2], l[1]];
    expect(() => parseLedger(l.join("\n"), "l.jsonl")).toThrow(/line 2: it does not follow line 1/);
  });

  test("a line that is not JSON, or not an entry, is refused naming the line and field", () => {
    expect(() => parseLedger(`${text()}{oops\n`, "l.jsonl")).toThrow(/line 5: not JSON/);
    const l = lines();
    const e = JSON.parse(l[0]);
    e.event = "shipped";
    expect(() => parseLedger(JSON.stringify(e), "l.jsonl")).toThrow(/line 1: event: /);
  });

  test("appendText chains after the last entry, and the result parses", () => {
    const current = text();
    const ledger = parseLedger(current, "l.jsonl");
    const next = appendText(current, ledger, [drafts[0]], at(100));
    const after = parseLedger(next, "l.jsonl");
    expect(after.entries).toHaveLength(5);
    expect(after.entries[4].prev).toBe(ledger.entries[3].hash);
    expect(after.entries[4].at).toBe(at(100).toISOString());
    expect(appendText("", emptyLedger("l"), [drafts[0]], at(0))).toMatch(/"prev":null/);
  });
});

describe("verify outcomes and blocks", () => {
  const base = { agent: "agent", wave: "canary", expectedVersion: "v2.5.0", cluster: "dev" };

  test("verified / failed / inconclusive / rolled-back, with an evidence summary", () => {
    expect(verifyOutcomeDraft({ ...base, verdict: "verified", nodes: { ready: 3 } }).event).toBe("verified");
    expect(verifyOutcomeDraft({ ...base, verdict: "failed" }).event).toBe("failed");
    expect(verifyOutcomeDraft({ ...base, verdict: "progressing" }).event).toBe("inconclusive");
    const rolled = verifyOutcomeDraft(
      { ...base, verdict: "failed", reason: "node NotReady", rollback: { rolledBack: true, to: "rev-3" } },
      { contentHash: `sha256:${"a".repeat(64)}` },
    );
    expect(rolled).toMatchObject({
      event: "rolled-back",
      cluster: "dev",
      version: "v2.5.0",
      reason: "node NotReady",
      evidence: { verdict: "failed", rollback: { rolledBack: true, to: "rev-3" } },
    });
    expect(() => verifyOutcomeDraft({ agent: "a", wave: "w", verdict: "verified" })).toThrow(
      /no expected version/,
    );
  });

  test("a rollback blocks its release until unblocked with the same version and content", () => {
    const rolled = verifyOutcomeDraft({ ...base, verdict: "failed", rollback: true });
    const ledger = ledgerOf([[rolled, at(0)]]);
    expect(activeBlocks(ledger, "agent").map((b) => b.line)).toEqual([1]);
    const lifted = ledgerOf([
      [rolled, at(0)],
      [{ event: "unblocked", agent: "agent", version: "v2.5.0", reason: "fixed in the node image" }, at(1)],
    ]);
    expect(activeBlocks(lifted, "agent")).toEqual([]);
  });

  test("the actor comes from the CI environment (GitHub Actions, GitLab), else the user", () => {
    expect(
      actorFromEnv({
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_REPOSITORY: "acme/infra",
        GITHUB_RUN_ID: "42",
        GITHUB_SHA: "abc123",
        GITHUB_ACTOR: "octocat",
      }),
    ).toEqual({ name: "octocat", runUrl: "https://github.com/acme/infra/actions/runs/42", commit: "abc123" });
    expect(
      actorFromEnv({
        CI_JOB_URL: "https://gitlab.example/j/1",
        CI_COMMIT_SHA: "def",
        GITLAB_USER_LOGIN: "g",
      }),
    ).toEqual({ name: "g", runUrl: "https://gitlab.example/j/1", commit: "def" });
    expect(actorFromEnv({ USER: "me" })).toEqual({ name: "me" });
  });
});

describe("durations", () => {
  test("parse Go-style units; format the two largest", () => {
    const { parseDuration, formatDuration } = jest.requireActual(
      "../../lib/release",
    ) as typeof import("../../lib/release");
    expect(["1h", "90m", "1h30m", "2d", "45s", "0s", "", "1.5h", "h"].map(parseDuration)).toEqual([
      3600,
      5400,
      5400,
      172800,
      45,
      0,
      undefined,
      undefined,
      undefined,
    ]);
    expect([20, 1200, 3600, 5400, 3605, 90061].map(formatDuration)).toEqual([
      "20s",
      "20m",
      "1h",
      "1h 30m",
      "1h",
      "1d 1h",
    ]);
  });
});

describe("property: any single edit, deletion or swap of lines is detected", () => {
  test("parseLedger throws, naming the first line at or after the tampering", () => {
    const fc = jest.requireActual("fast-check") as typeof import("fast-check");
    const draftArb = fc.record({
      event: fc.constantFrom("verified" as const, "failed" as const, "blocked" as const),
      agent: fc.constantFrom("a", "b"),
      wave: fc.constantFrom("canary", "staging"),
      version: fc.constantFrom("v1", "v2", "v3"),
      reason: fc.string({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(
        fc.array(draftArb, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom("edit", "delete", "swap"),
        (ds, pick, how) => {
          const rows = ledgerText(ledgerOf(ds.map((d, i) => [d, at(i)])))
            .trimEnd()
            .split("\n");
          const i = pick % rows.length;
          let firstBad: number;
          if (how === "edit") {
            const e = JSON.parse(rows[i]);
            e.reason = `${e.reason}!`;
            rows[i] = JSON.stringify(e);
            firstBad = i;
          } else if (how === "delete") {
            if (i === rows.length - 1) return; // Truncating the end leaves a valid chain: git shows it.
            rows.splice(i, 1);
            firstBad = i;
          } else {
            const j = (i + 1) % rows.length;
            if (rows[i] === rows[j]) return;
            [rows[i], rows[j]] = [rows[j], rows[i]];
            firstBad = Math.min(i, j);
          }
          expect(() => parseLedger(rows.join("\n"), "l")).toThrow(new RegExp(`^l: line ${firstBad + 1}: `));
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
