import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseLedger } from "../../lib/release";
import { VerifyReport } from "../../lib/verify/report";
import { NEW, OLD, IMAGE, scenario, Scenario, verifyArgs } from "./harness";

// The first scenario runs the real CLI as a child process (the whole path: binary, Node loading client-node's ES
// module); the rest run the same CLI in this process (`runCli`), each child costing a second of client-node loading.
jest.mock("@kubernetes/client-node", () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.requireActual((require("./harness") as typeof import("./harness")).clientNodeBundle()),
);

/** Runs `fn` on a fresh scenario and always stops its server. */
async function withScenario(
  opts: Parameters<typeof scenario>[0],
  fn: (s: Scenario) => Promise<void>,
): Promise<void> {
  const s = await scenario(opts);
  try {
    await fn(s);
  } finally {
    await s.stop();
  }
}

jest.setTimeout(120_000);

const report = (stdout: string) => JSON.parse(stdout) as VerifyReport;

describe("wavegate verify against the API test double (real client-node)", () => {
  test.concurrent("healthy wave (child process): rolls out, bakes, verified (exit 0)", () =>
    withScenario({}, async (s) => {
      const { code, stdout, stderr } = await s.run(verifyArgs(s));
      expect({ code, stderr }).toMatchObject({ code: 0 });
      const r = report(stdout);
      expect(r).toMatchObject({
        verdict: "verified",
        agent: "agent",
        wave: "canary",
        namespace: "kube-system",
        daemonSet: "agent-canary",
      });
      expect(r.expectedImage).toBe(`${IMAGE}:${NEW}`);
      expect(r.counts).toMatchObject({ desired: 3, updated: 3, available: 3, poolNodes: 3, readyAtStart: 3 });
      expect(r.signals.map((e) => e.signal)).toEqual(expect.arrayContaining(["rollout", "bake"]));
      expect(Date.parse(r.rolloutCompletedAt!)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
      expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT.* agent\/canary rollout /m);
    }),
  );

  test.concurrent(
    "a canary node turning NotReady mid-rollout fails at once and --rollback sends kubectl's patch (exit 1)",
    () =>
      withScenario({ progressing: false }, async (s) => {
        const cluster = s.cluster;
        const previous = cluster.revisions("agent-canary").find((r) => r.revision === 1)!;
        const running = s.runIn(verifyArgs(s, ["--rollback"]));
        await s.watching("/api/v1/nodes");
        cluster.progressing = true;
        await new Promise((r) => setTimeout(r, 250));
        cluster.setNodeReady("dev-1", "False");
        // The node is repaired (auto-repair) once the rollback is sent, so the old version can come back everywhere.
        const repair = setInterval(() => {
          if (cluster.server.received.some((q) => q.method === "PATCH")) {
            cluster.setNodeReady("dev-1", "True");
            clearInterval(repair);
          }
        }, 50);
        const { code, stdout, stderr } = await running;
        clearInterval(repair);
        expect({ code, stderr }).toMatchObject({ code: 1 });
        const r = report(stdout);
        expect(r).toMatchObject({ verdict: "failed", reasonCode: "node-not-ready", failedNodes: ["dev-1"] });
        expect(r.rollback).toMatchObject({ outcome: "completed", to: { name: previous.metadata.name } });
        const patches = cluster.server.received.filter((q) => q.method === "PATCH");
        expect(patches).toHaveLength(1);
        expect(patches[0].path).toBe("/apis/apps/v1/namespaces/kube-system/daemonsets/agent-canary");
        expect(patches[0].contentType).toBe("application/strategic-merge-patch+json");
        // kubectl rollout undo sends the revision's data bytes as served (see kubectl-undo.test.ts).
        expect(patches[0].body).toBe(JSON.stringify(previous.data));
        const live = cluster.store.get("daemonsets", "kube-system", "agent-canary")!;
        expect(JSON.stringify(live.spec)).toContain(`${IMAGE}:${OLD}`);
      }),
  );

  test.concurrent("crash-looping pods fail the wave (exit 1)", () =>
    withScenario({}, async (s) => {
      s.cluster.faults.set(`${IMAGE}:${NEW}`, "crashloop");
      const { code, stdout } = await s.runIn(verifyArgs(s));
      expect(code).toBe(1);
      expect(report(stdout)).toMatchObject({ verdict: "failed", reasonCode: "restarts" });
    }),
  );

  test.concurrent("a rollout that never completes fails at the progress deadline (exit 1)", () =>
    withScenario({ progressing: false }, async (s) => {
      const { code, stdout } = await s.runIn([...verifyArgs(s), "--deadline", "2s"]);
      expect(code).toBe(1);
      const r = report(stdout);
      expect(r).toMatchObject({
        verdict: "failed",
        reasonCode: "progress-deadline",
        settings: { progressDeadlineSeconds: 2 },
      });
      expect(r.signals.some((e) => e.signal === "deadline")).toBe(true);
    }),
  );

  test.concurrent("an unreachable API server is no verdict (exit 3), never verified", () =>
    withScenario({}, async (s) => {
      await s.cluster.stop();
      const { code, stdout } = await s.runIn(verifyArgs(s));
      expect(code).toBe(3);
      expect(report(stdout)).toMatchObject({ verdict: "error", reasonCode: "cluster-error" });
      expect(report(stdout).reason).toMatch(/cannot reach the API server/);
    }),
  );

  test.concurrent("403 Forbidden is no verdict (exit 3)", () =>
    withScenario({}, async (s) => {
      s.cluster.server.failWith = 403;
      const { code, stdout } = await s.runIn(verifyArgs(s));
      expect(code).toBe(3);
      expect(report(stdout).reason).toMatch(/forbidden \(403\)/);
    }),
  );

  test.concurrent("a wave whose desired count is 0 proves nothing (exit 3)", () =>
    withScenario({ nodes: 0 }, async (s) => {
      const { code, stdout } = await s.runIn(verifyArgs(s));
      expect(code).toBe(3);
      expect(report(stdout)).toMatchObject({ verdict: "inconclusive", reasonCode: "desired-zero" });
    }),
  );

  test.concurrent(
    "a watch dropped mid-bake is re-established from its resourceVersion (relisting after 410 Gone) and the wave verifies (exit 0)",
    () =>
      withScenario({}, async (s) => {
        const cluster = s.cluster;
        const running = s.runIn([...verifyArgs(s), "--bake", "3s"]);
        await s.watching("/api/v1/nodes");
        // Wait for the rollout to complete, then cut every watch (twice).
        for (let i = 0; i < 200; i++) {
          const ds = cluster.store.get("daemonsets", "kube-system", "agent-canary")!;
          if ((ds.status as { updatedNumberScheduled?: number }).updatedNumberScheduled === 3) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        await new Promise((r) => setTimeout(r, 300));
        const before = cluster.server.received.length;
        expect(cluster.server.dropWatches()).toBeGreaterThanOrEqual(4);
        await new Promise((r) => setTimeout(r, 500));
        // The second time the history is compacted too: resuming answers 410 Gone, so the client lists again.
        const beforeCompaction = cluster.server.received.length;
        cluster.store.rv += 5; // other objects changed meanwhile (history the client never saw)
        cluster.store.compact();
        cluster.server.dropWatches();
        const { code, stdout, stderr } = await running;
        expect({ code, stderr }).toMatchObject({ code: 0 });
        expect(report(stdout).verdict).toBe("verified");
        const resumed = cluster.server.received.slice(before).filter((q) => q.query.includes("watch=true"));
        expect(resumed.length).toBeGreaterThanOrEqual(4);
        expect(resumed.every((q) => /resourceVersion=\d+/.test(q.query))).toBe(true);
        const relisted = cluster.server.received
          .slice(beforeCompaction)
          .filter((q) => q.method === "GET" && q.path === "/api/v1/nodes" && !q.query.includes("watch=true"));
        expect(relisted.length).toBeGreaterThanOrEqual(1);
      }),
  );

  test.concurrent("drift: the live image is not the input's (exit 2, naming both)", () =>
    withScenario({ liveVersion: "v3.0.0" }, async (s) => {
      const { code, stderr } = await s.runIn(verifyArgs(s));
      expect(code).toBe(2);
      expect(stderr).toContain(`${IMAGE}:v3.0.0`);
      expect(stderr).toContain(`${IMAGE}:${NEW}`);
    }),
  );

  test.concurrent("--rollback with no previous revision: exit 4", () =>
    withScenario({ history: false, progressing: true }, async (s) => {
      s.cluster.faults.set(`${IMAGE}:${NEW}`, "crashloop");
      s.cluster.applyTemplate("kube-system", "agent-canary", (t) => {
        t.metadata.annotations = { restart: "1" };
      });
      // The DaemonSet keeps only its current revision: nothing to roll back to.
      const first = s.cluster.revisions("agent-canary").find((r) => r.revision === 1)!;
      s.cluster.store.delete("controllerrevisions", "kube-system", first.metadata.name);
      const { code, stdout } = await s.runIn(verifyArgs(s, ["--rollback"]));
      expect(code).toBe(4);
      expect(report(stdout)).toMatchObject({
        verdict: "failed",
        rollback: { outcome: "no-previous-revision" },
      });
    }),
  );
});

describe("wavegate verify --record (API test double, real CLI)", () => {
  // In this file rather than its own: one more file would compile client-node's bundle once more.
  test.concurrent("a verified canary is appended to the ledger with its version, evidence and actor", () =>
    withScenario({}, async (s) => {
      const { code, stderr } = await s.runIn(verifyArgs(s, ["--record", "wavegate.ledger.jsonl"]));
      expect(code).toBe(0);
      expect(stderr).toMatch(/recorded verified v2\.0\.0 in wavegate\.ledger\.jsonl:1/);
      const ledger = parseLedger(readFileSync(path.join(s.dir, "wavegate.ledger.jsonl"), "utf8"), "l");
      expect(ledger.entries).toHaveLength(1);
      expect(ledger.entries[0]).toMatchObject({
        event: "verified",
        agent: "agent",
        wave: "canary",
        version: NEW,
        evidence: { verdict: "verified", daemonSet: "agent-canary", counts: { desired: 3 } },
      });
    }),
  );
});
