import fc from "fast-check";
import {
  decidePromotion,
  LedgerDraft,
  parseReleaseText,
  promotedData,
  promoteText,
  ReleaseError,
} from "../../lib/release";
import { stringify } from "yaml";
import { at, ledgerOf, release, RELEASE_YAML } from "./helpers";

const file = release();
const canary = file.agent("agent").waves[0];
const verified: LedgerDraft = {
  event: "verified",
  agent: "agent",
  wave: "canary",
  version: canary.ref.version,
  contentHash: canary.ref.contentHash,
};

describe("promote's availability decision (injected clock)", () => {
  test("GIVEN no verify outcome in canary WHEN promoting to staging THEN it is refused, saying what is missing", () => {
    const d = decidePromotion(file, ledgerOf([]), { agent: "agent", to: "staging", now: at(0) });
    expect(d.admission.allowed).toBe(false);
    expect(d.admission.missing.join()).toMatch(/v2\.5\.0 \+ content sha256:\w{12} is not verified in canary/);
    expect(d.admission.eligibleAt).toBeUndefined();
  });

  test("verified but not baked: refused with the time it becomes eligible (canary's bake, 1h)", () => {
    const d = decidePromotion(file, ledgerOf([[verified, at(0)]]), {
      agent: "agent",
      to: "staging",
      now: at(20),
    });
    expect(d.admission.allowed).toBe(false);
    expect(d.admission.missing.join()).toMatch(/baked in canary for 20m of 1h/);
    expect(d.admission.eligibleAt).toEqual(at(60));
  });

  test("verified and baked: allowed at exactly the bake time, and it copies canary's release into staging only", () => {
    const d = decidePromotion(file, ledgerOf([[verified, at(0)]]), {
      agent: "agent",
      to: "staging",
      now: at(60),
    });
    expect(d.admission.allowed).toBe(true);
    expect(d.from.name).toBe("canary");
    expect(d.release).toEqual(canary.release);
    expect(d.record).toEqual([]);
  });

  test("the next wave uses the previous wave's own bake (staging: 2h)", () => {
    const text = RELEASE_YAML.replace(
      /version: v2\.4\.0\n(\s+)content:\n(\s+)rules.yaml: \|\n\s+rules: \[a\]\n$/,
      "version: v2.3.0\n",
    );
    const behind = release(text);
    expect(behind.agent("agent").waves[2].ref).toEqual({ version: "v2.3.0" });
    const staging = behind.agent("agent").waves[1];
    const ledger = ledgerOf([
      [{ event: "verified", agent: "agent", wave: "staging", ...staging.ref }, at(0)],
    ]);
    const early = decidePromotion(behind, ledger, { agent: "agent", to: "production", now: at(90) });
    expect(early.admission.eligibleAt).toEqual(at(120));
    expect(
      decidePromotion(behind, ledger, { agent: "agent", to: "production", now: at(120) }).admission.allowed,
    ).toBe(true);
  });

  test("a failure after the verification resets it: refused", () => {
    const ledger = ledgerOf([
      [verified, at(0)],
      [{ ...verified, event: "failed", reason: "node NotReady" }, at(10)],
    ]);
    const d = decidePromotion(file, ledger, { agent: "agent", to: "staging", now: at(300) });
    expect(d.admission.allowed).toBe(false);
    expect(d.admission.missing.join()).toMatch(/last verify there was failed .*node NotReady/);
  });

  test("blocked: refused even verified, baked and approved; allowed again once unblocked", () => {
    const block: LedgerDraft = {
      event: "blocked",
      agent: "agent",
      version: "v2.5.0",
      reason: "CVE-2026-0001 found",
    };
    const ledger = ledgerOf([
      [verified, at(0)],
      [block, at(5)],
    ]);
    const approve = { reason: "hotfix approved by the on-call lead" };
    const d = decidePromotion(file, ledger, { agent: "agent", to: "staging", now: at(120), approve });
    expect(d.admission.allowed).toBe(false);
    expect(d.admission.missing.join()).toMatch(/is blocked \(wavegate\.ledger\.jsonl:2, .*CVE-2026-0001/);
    const lifted = ledgerOf([
      [verified, at(0)],
      [block, at(5)],
      [{ ...block, event: "unblocked", reason: "false positive, re-scanned" }, at(6)],
    ]);
    expect(
      decidePromotion(file, lifted, { agent: "agent", to: "staging", now: at(120) }).admission.allowed,
    ).toBe(true);
  });

  test("a rollback recorded by verify blocks that release", () => {
    const ledger = ledgerOf([
      [verified, at(0)],
      [{ ...verified, event: "rolled-back", reason: "restarts > 5" }, at(30)],
      [verified, at(40)],
    ]);
    const d = decidePromotion(file, ledger, { agent: "agent", to: "staging", now: at(600) });
    expect(d.admission.missing.join()).toMatch(/rolled back in canary/);
  });

  test("--approve skips the bake (never the verification) and is recorded with its reason and actor", () => {
    const approve = { reason: "urgent detection content", actor: { name: "alice" } };
    const d = decidePromotion(file, ledgerOf([[verified, at(0)]]), {
      agent: "agent",
      to: "staging",
      now: at(5),
      approve,
    });
    expect(d.admission.allowed).toBe(true);
    expect(d.admission.approved).toBe(true);
    expect(d.record).toEqual([
      expect.objectContaining({
        event: "approved",
        wave: "staging",
        version: "v2.5.0",
        reason: approve.reason,
      }),
    ]);
    const unverified = decidePromotion(file, ledgerOf([]), {
      agent: "agent",
      to: "staging",
      now: at(5),
      approve,
    });
    expect(unverified.admission.allowed).toBe(false);
  });

  test("refuses the first wave, an unknown wave or agent, and an approval without a reason", () => {
    const ledger = ledgerOf([]);
    expect(() => decidePromotion(file, ledger, { agent: "agent", to: "canary", now: at(0) })).toThrow(
      /canary is the first wave/,
    );
    expect(() => decidePromotion(file, ledger, { agent: "agent", to: "qa", now: at(0) })).toThrow(
      /no wave "qa"/,
    );
    expect(() => decidePromotion(file, ledger, { agent: "other", to: "staging", now: at(0) })).toThrow(
      ReleaseError,
    );
    expect(() =>
      decidePromotion(file, ledger, { agent: "agent", to: "staging", now: at(0), approve: { reason: "ok" } }),
    ).toThrow(/needs a reason/);
  });
});

describe("promote edits", () => {
  test("YAML: comments and layout stay; staging gets canary's version, content and env", () => {
    const text = RELEASE_YAML;
    const out = promoteText(text, "wavegate.release.yaml", 0, 1);
    expect(out).toContain("# the release (comments must survive promote)");
    expect(out).toContain("- name: canary # the 1% wave");
    expect(out).toContain("version: v2.5.0 # staging's pin");
    expect(out).toContain(
      "rules.yaml: |\n            rules: [a, b]\n        env:\n          LOG_LEVEL: debug\n      - name: production",
    );
    const after = parseReleaseText(out, "x.yaml").agent("agent");
    expect(after.waves[1].ref).toEqual(after.waves[0].ref);
    expect(after.waves[1].bakeSeconds).toBe(7200);
    expect(after.waves[2].ref).toEqual(file.agent("agent").waves[2].ref);
  });

  test("JSON: rewritten with its indentation", () => {
    const json = JSON.stringify(file.data, null, 4);
    const out = promoteText(json, "wavegate.release.json", 0, 2);
    expect(out).toMatch(/^\{\n {4}"apiVersion"/);
    expect(JSON.parse(out)).toEqual(promotedData(file.data, 0, 2));
  });
});

const version = fc.constantFrom("v1.0.0", "v1.1.0", "v2.0.0", "v2.1.0");
const wave = fc.record(
  {
    version,
    content: fc.dictionary(fc.constantFrom("a.yaml", "b.conf"), fc.string({ maxLength: 12 }), { maxKeys: 2 }),
    args: fc.array(fc.constantFrom("--x", "--y=1"), { maxLength: 2 }),
    env: fc.dictionary(fc.constantFrom("A", "B"), fc.constantFrom("1", "2"), { maxKeys: 2 }),
  },
  { requiredKeys: ["version"] },
);

describe("property: promote never changes more than one wave", () => {
  test("the data and the edited YAML differ from the input in the target wave only, which equals its source", () => {
    fc.assert(
      fc.property(fc.array(wave, { minLength: 2, maxLength: 5 }), fc.nat(), (waves, pick) => {
        const data = {
          apiVersion: "wavegate.dev/v1alpha1" as const,
          kind: "Release" as const,
          agents: [{ name: "agent", waves: waves.map((w, i) => ({ name: `w${i}`, ...w })) }],
        };
        const to = 1 + (pick % (waves.length - 1));
        const after = promotedData(data, 0, to);
        const changed = after.agents[0].waves.filter(
          (w, i) => JSON.stringify(w) !== JSON.stringify(data.agents[0].waves[i]),
        );
        expect(changed.length).toBeLessThanOrEqual(1);
        const { name: _a, ...target } = after.agents[0].waves[to];
        const { name: _b, ...source } = data.agents[0].waves[to - 1];
        expect(target).toEqual(source);
        // The YAML edit says the same as the data edit.
        const edited = parseReleaseText(promoteText(stringify(data), "r.yaml", 0, to), "r.yaml");
        expect(edited.data).toEqual(after);
      }),
      { seed: 10, numRuns: 40 },
    );
  });
});
