import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CliIo } from "../../lib/cli/io";
import { runPromote } from "../../lib/cli/commands/promote";
import { runStatus } from "../../lib/cli/commands/status";
import { runBlock } from "../../lib/cli/commands/block";
import { parseLedger } from "../../lib/release";
import { at, RELEASE_YAML } from "../release/helpers";
import { cli, tempDir } from "../policy/rules/release-helpers";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(): { dir: string; io: CliIo & { out_: () => string; err_: () => string } } {
  const dir = tempDir({ "wavegate.release.yaml": RELEASE_YAML });
  dirs.push(dir);
  let out = "";
  let err = "";
  const io = {
    out: (t: string) => void (out += t),
    err: (t: string) => void (err += t),
    isTty: false,
    cwd: dir,
    readStdin: async () => "",
    out_: () => out,
    err_: () => err,
  };
  return { dir, io };
}

const env = {
  GITHUB_ACTOR: "octocat",
  GITHUB_REPOSITORY: "acme/infra",
  GITHUB_RUN_ID: "7",
  GITHUB_SHA: "abc",
};

async function recordCanaryVerified(dir: string, when: Date) {
  // What `wavegate verify --record` appends: the outcome of canary's release.
  const { recordVerifyOutcome } = await import("../../lib/cli/release-store");
  const { parseReleaseText } = await import("../../lib/release");
  const canary = parseReleaseText(RELEASE_YAML, "r.yaml").agent("agent").waves[0];
  await recordVerifyOutcome(
    "wavegate.ledger.jsonl",
    dir,
    { agent: "agent", wave: "canary", expectedVersion: "v2.5.0", verdict: "verified", nodes: { desired: 2 } },
    { contentHash: canary.ref.contentHash, env, now: () => when },
  );
}

describe("wavegate promote (injected clock)", () => {
  test("exit 1 saying what is missing; then exit 1 with when it becomes eligible; then promotes", async () => {
    const { dir, io } = setup();
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(0) })).toBe(1);
    expect(io.err_()).toMatch(
      /cannot promote agent canary -> staging .*\n {2}- .* is not verified in canary/,
    );
    await recordCanaryVerified(dir, at(0));
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(30) })).toBe(1);
    expect(io.err_()).toMatch(/eligible at 2026-03-01T01:00:00\.000Z/);
    const before = readFileSync(path.join(dir, "wavegate.release.yaml"), "utf8");
    expect(before).toBe(RELEASE_YAML);
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(60) })).toBe(0);
    const after = readFileSync(path.join(dir, "wavegate.release.yaml"), "utf8");
    expect(after).toContain("version: v2.5.0 # staging's pin");
    expect(after).toContain("# the release (comments must survive promote)");
    expect(io.out_()).toMatch(
      /promoted agent canary -> staging: v2\.5\.0 \+ content sha256:\w{12} \(verified and baked\)/,
    );
    // Promoting again: nothing to do, exit 0.
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(61) })).toBe(0);
    expect(io.out_()).toMatch(/already runs/);
  });

  test("--approve --reason skips the bake and records the approval with the CI actor", async () => {
    const { dir, io } = setup();
    await recordCanaryVerified(dir, at(0));
    await expect(runPromote("agent", { to: "staging", approve: true }, io)).rejects.toThrow(
      /--approve needs --reason/,
    );
    const code = await runPromote(
      "agent",
      { to: "staging", approve: true, reason: "urgent detection update" },
      io,
      { now: () => at(5), env },
    );
    expect(code).toBe(0);
    const ledger = parseLedger(readFileSync(path.join(dir, "wavegate.ledger.jsonl"), "utf8"), "l");
    expect(ledger.entries.map((e) => e.event)).toEqual(["verified", "approved"]);
    expect(ledger.entries[1]).toMatchObject({
      wave: "staging",
      reason: "urgent detection update",
      actor: { name: "octocat", runUrl: "https://github.com/acme/infra/actions/runs/7", commit: "abc" },
      at: at(5).toISOString(),
    });
  });

  test("block refuses a promotion; unblock lifts it; status shows both", async () => {
    const { dir, io } = setup();
    await recordCanaryVerified(dir, at(0));
    expect(
      await runBlock("blocked", "agent", "v2.5.0", { reason: "CVE found in v2.5.0" }, io, {
        now: () => at(1),
      }),
    ).toBe(0);
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(120) })).toBe(1);
    expect(io.err_()).toMatch(/is blocked \(wavegate\.ledger\.jsonl:2/);
    await runStatus({ format: "json" }, io, { now: () => at(120) });
    const status = JSON.parse(io.out_().slice(io.out_().indexOf("{")));
    expect(status.agents[0].waves[0]).toMatchObject({
      wave: "canary",
      outcome: "verified",
      blocked: expect.any(String),
    });
    expect(status.agents[0].next[0]).toMatchObject({ from: "canary", to: "staging", eligible: false });
    await runBlock("unblocked", "agent", "v2.5.0", { reason: "false positive, rescanned" }, io, {
      now: () => at(2),
    });
    expect(await runPromote("agent", { to: "staging" }, io, { now: () => at(120) })).toBe(0);
    await expect(runBlock("blocked", "agent", "v1", { reason: "short" }, io)).rejects.toThrow(/at least 10/);
  });

  test("status: text and markdown tables of waves x release, since, verified, bake left, next", async () => {
    const { dir, io } = setup();
    await recordCanaryVerified(dir, at(0));
    await runStatus({ format: "text" }, io, { now: () => at(15) });
    expect(io.out_()).toMatch(
      /^agent\n {2}wave +version +content +since +verified +bake left\n {2}canary +v2\.5\.0 +sha256:\w{12} +2026-03-01T00:00:00\.000Z +yes \(2026-03-01T00:00:00\.000Z\) +45m/m,
    );
    expect(io.out_()).toMatch(
      /next: canary -> staging: v2\.5\.0 \+ sha256:\w{12}: eligible at 2026-03-01T01:00:00\.000Z/,
    );
    await runStatus({ format: "markdown" }, io, { now: () => at(90) });
    expect(io.out_()).toContain("| wave | version | content | since | verified | bake left |");
    expect(io.out_()).toMatch(/- canary -> staging: .*eligible now \(wavegate promote agent --to staging\)/);
  });

  test("a tampered ledger is refused by status and check (exit 2, naming the line)", async () => {
    const { dir } = setup();
    await recordCanaryVerified(dir, at(0));
    await recordCanaryVerified(dir, at(1));
    const file = path.join(dir, "wavegate.ledger.jsonl");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    writeFileSync(file, `${lines[1]}\n${lines[0]}\n`);
    const status = await cli(dir, ["status"]);
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/wavegate\.ledger\.jsonl: line 1: the first entry names a previous entry/);
  });
});

describe("wavegate check --ledger (end to end)", () => {
  test("check of a JSON file loads neither the release layer (zod/v4) nor yaml through it", () => {
    const root = path.join(__dirname, "..", "..");
    const input = path.join(root, "test/policy/fixtures/staged-good.tf.json");
    const out = execFileSync(
      process.execPath,
      ["--require", "tsx/cjs", path.join(__dirname, "fixtures/lazy-check.js"), root, input],
      { cwd: root, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({ code: expect.any(Number), yaml: false, release: false });
  });
});

describe("the loop: check --ledger -> verify --record -> promote -> check", () => {
  test("WG302 fails a wave pinned ahead of its evidence, and passes once the ledger has it", async () => {
    const { Testing, TerraformStack } = await import("cdktf");
    const { StagedDaemonSet } = await import("../../lib/constructs/staged-daemon-set");
    const { Release } = await import("../../lib/constructs/release");
    const { agentProps } = await import("../policy/rules/release-helpers");
    const { recordVerifyOutcome } = await import("../../lib/cli/release-store");
    const { dir } = setup();
    const synth = () => {
      const stack = new TerraformStack(Testing.app(), "s");
      const release = Release.load(path.join(dir, "wavegate.release.yaml"));
      new StagedDaemonSet(stack, "agent", agentProps({ versions: undefined, release }));
      writeFileSync(path.join(dir, "main.tf.json"), Testing.synth(stack));
      return release.agent("agent").waves;
    };
    const record = (
      wave: { name: string; ref: { version: string; contentHash?: string } },
      hoursAgo: number,
    ) =>
      recordVerifyOutcome(
        "wavegate.ledger.jsonl",
        dir,
        { agent: "agent", wave: wave.name, expectedVersion: wave.ref.version, verdict: "verified" },
        {
          contentHash: wave.ref.contentHash,
          env: {},
          now: () => new Date(Date.now() - hoursAgo * 3_600_000),
        },
      );
    const check = async () => {
      const r = await cli(dir, [
        "check",
        "main.tf.json",
        "--ledger",
        "wavegate.ledger.jsonl",
        "--format",
        "json",
      ]);
      const report = JSON.parse(r.out) as { findings: { ruleId: string; resource: { wave?: string } }[] };
      return {
        code: r.code,
        wg302: report.findings.filter((f) => f.ruleId === "WG302").map((f) => f.resource.wave),
      };
    };
    let waves = synth();
    // Staging and production were verified when they got v2.4.0; canary's v2.5.0 has just been verified.
    await record(waves[1], 48);
    await record(waves[2], 24);
    await record(waves[0], 2);
    expect(await check()).toEqual({ code: 0, wg302: [] });
    // Someone pins production to canary's release by hand: WG302 fails it.
    const text = readFileSync(path.join(dir, "wavegate.release.yaml"), "utf8");
    const { promoteText } = await import("../../lib/release");
    writeFileSync(
      path.join(dir, "wavegate.release.yaml"),
      promoteText(promoteText(text, "r.yaml", 0, 1), "r.yaml", 0, 2),
    );
    synth();
    expect(await check()).toEqual({ code: 1, wg302: ["production"] });
    // The proper way: promote staging only (canary verified 2 h ago, bake 1 h), deploy, verify, check.
    writeFileSync(path.join(dir, "wavegate.release.yaml"), text);
    const promoted = await cli(dir, ["promote", "agent", "--to", "staging"]);
    expect(promoted).toMatchObject({ code: 0 });
    waves = synth();
    expect(await check()).toEqual({ code: 0, wg302: [] });
  }, 30_000);
});

describe("promote --dry-run and status --agent", () => {
  test("--dry-run says what would happen and writes nothing; --agent names an unknown agent", async () => {
    const { dir, io } = setup();
    await recordCanaryVerified(dir, at(0));
    const ledgerBefore = readFileSync(path.join(dir, "wavegate.ledger.jsonl"), "utf8");
    expect(await runPromote("agent", { to: "staging", dryRun: true }, io, { now: () => at(61) })).toBe(0);
    expect(io.out_()).toMatch(/would promote agent canary -> staging/);
    expect(readFileSync(path.join(dir, "wavegate.release.yaml"), "utf8")).toBe(RELEASE_YAML);
    expect(readFileSync(path.join(dir, "wavegate.ledger.jsonl"), "utf8")).toBe(ledgerBefore);
    await expect(runStatus({ agent: "nope" }, io)).rejects.toThrow(/there is no agent "nope"/);
  });
});

describe("check refuses a tampered ledger", () => {
  test("exit 2 naming the ledger and the line", async () => {
    const { dir } = setup();
    await recordCanaryVerified(dir, at(0));
    const file = path.join(dir, "wavegate.ledger.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replace('"verdict":"verified"', '"verdict":"fine"'));
    writeFileSync(
      path.join(dir, "x.tf.json"),
      readFileSync(path.join(__dirname, "../policy/fixtures/staged-good.tf.json")),
    );
    const r = await cli(dir, ["check", "x.tf.json", "--ledger", "wavegate.ledger.jsonl"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/wavegate\.ledger\.jsonl: line 1: the entry was edited/);
  });
});

describe("wavegate.json names the ledger", () => {
  test('"ledger" in wavegate.json turns WG302 / WG303 on, relative to the config file', async () => {
    const { dir } = setup();
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(dir, "ci"));
    writeFileSync(
      path.join(dir, "ci", "wavegate.json"),
      JSON.stringify({ ledger: "../wavegate.ledger.jsonl" }),
    );
    const { recordVerifyOutcome } = await import("../../lib/cli/release-store");
    await recordVerifyOutcome("wavegate.ledger.jsonl", dir, {
      agent: "agent",
      wave: "canary",
      expectedVersion: "v9",
      verdict: "failed",
      rollback: { outcome: "completed" },
    });
    writeFileSync(
      path.join(dir, "x.tf.json"),
      readFileSync(path.join(__dirname, "../policy/fixtures/staged-good.tf.json")),
    );
    const r = await cli(dir, [
      "check",
      "x.tf.json",
      "--config",
      "ci/wavegate.json",
      "--format",
      "json",
      "--verbose",
    ]);
    const report = JSON.parse(r.out) as { findings: { ruleId: string; outcome: string }[] };
    expect(report.findings.filter((f) => f.ruleId === "WG303").map((f) => f.outcome)).not.toContain(
      "not-applicable",
    );
    expect(report.findings.filter((f) => f.ruleId === "WG302").map((f) => f.outcome)).toContain("fail");
  });
});

describe("recordVerifyOutcome (what verify --record calls)", () => {
  test("takes the content hash from the verified DaemonSet's annotation", async () => {
    const { dir } = setup();
    const { recordVerifyOutcome } = await import("../../lib/cli/release-store");
    const hash = `sha256:${"c".repeat(64)}`;
    const daemonSet = {
      source: { file: "x", format: "k8s-yaml" as const, address: "DaemonSet/kube-system/agent-canary" },
      kind: "DaemonSet",
      cluster: "default",
      manifest: {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent-canary", annotations: { "wavegate.dev/content-hash": hash } },
        spec: { selector: {}, template: { spec: { containers: [] } } },
      },
    };
    const ledger = await recordVerifyOutcome(
      "l.jsonl",
      dir,
      { agent: "agent", wave: "canary", cluster: "default", expectedVersion: "v2.5.0", verdict: "verified" },
      { daemonSet: daemonSet as never, env: {} },
    );
    expect(ledger.entries[0]).toMatchObject({ event: "verified", version: "v2.5.0", contentHash: hash });
  });
});
