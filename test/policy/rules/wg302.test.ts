import { runPolicy } from "../../../lib/policy/engine";
import { LedgerDraft, ledgerEvidence } from "../../../lib/release";
import { findingsOf, outcomesOf } from "../helpers";
import { at, ledgerOf } from "../../release/helpers";
import { agentProps, loaded } from "./release-helpers";

/** Canary on v1.1.0 (ahead), staging and production on v1.0.0. */
const waves = loaded(agentProps({ versions: { canary: "v1.1.0", staging: "v1.1.0", production: "v1.0.0" } }));

function check(items: [LedgerDraft, Date][], now: Date) {
  const evidence = ledgerEvidence(ledgerOf(items), now);
  return runPolicy({
    daemonSets: waves,
    files: [],
    stacks: [],
    otherResources: 0,
    warnings: [],
    release: { evidence },
  });
}

const inWave = (event: LedgerDraft["event"], wave: string, version: string): LedgerDraft => ({
  event,
  agent: "agent",
  wave,
  version,
});

describe("WG302: each wave pins a release verified and baked in the wave before", () => {
  test("not applicable without a ledger", () => {
    const report = runPolicy({ daemonSets: waves, files: [], stacks: [], otherResources: 0, warnings: [] });
    expect(findingsOf(report, "WG302").map((f) => f.outcome)).toEqual(Array(3).fill("not-applicable"));
    expect(findingsOf(report, "WG303").map((f) => f.outcome)).toEqual(Array(3).fill("not-applicable"));
  });

  test("staging pins v1.1.0 that canary never verified: fails, saying so", () => {
    const report = check([[inWave("verified", "production", "v1.0.0"), at(0)]], at(600));
    expect(outcomesOf(report, "WG302")).toEqual({
      "agent-canary": "pass",
      "agent-staging": "fail",
      agent: "pass",
    });
    expect(findingsOf(report, "WG302")[1].message).toMatch(/v1\.1\.0 is not verified in canary/);
  });

  test("verified in canary but not baked (1h): fails with the time; baked: passes", () => {
    const items: [LedgerDraft, Date][] = [
      [inWave("verified", "production", "v1.0.0"), at(0)],
      [inWave("verified", "canary", "v1.1.0"), at(0)],
    ];
    expect(findingsOf(check(items, at(30)), "WG302")[1].message).toMatch(/baked in canary for 30m of 1h/);
    expect(outcomesOf(check(items, at(60)), "WG302")["agent-staging"]).toBe("pass");
  });

  test("an approval for staging skips the bake", () => {
    const items: [LedgerDraft, Date][] = [
      [inWave("verified", "production", "v1.0.0"), at(0)],
      [inWave("verified", "canary", "v1.1.0"), at(0)],
      [{ ...inWave("approved", "staging", "v1.1.0"), reason: "security fix, approved" }, at(1)],
    ];
    expect(outcomesOf(check(items, at(2)), "WG302")["agent-staging"]).toBe("pass");
  });
});

describe("WG303: no wave pins a blocked release", () => {
  test("a blocked version fails where it is pinned; unblocked passes", () => {
    const block: LedgerDraft = {
      event: "blocked",
      agent: "agent",
      version: "v1.0.0",
      reason: "kernel panic on 5.4",
    };
    const report = check([[block, at(0)]], at(1));
    expect(outcomesOf(report, "WG303")).toEqual({
      "agent-canary": "pass",
      "agent-staging": "pass",
      agent: "fail",
    });
    expect(findingsOf(report, "WG303")[2].message).toMatch(
      /v1\.0\.0 is blocked \(wavegate\.ledger\.jsonl:1, .*kernel panic/,
    );
    const lifted = check(
      [
        [block, at(0)],
        [{ ...block, event: "unblocked", reason: "fixed upstream, re-verified" }, at(1)],
      ],
      at(2),
    );
    expect(outcomesOf(lifted, "WG303").agent).toBe("pass");
  });
});
