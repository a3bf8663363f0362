import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { IMAGE, NEW, OLD, scenario } from "./harness";

// In-process runs (s.runIn) load client-node from a CommonJS bundle of it (test/cluster/harness.ts).
jest.mock("@kubernetes/client-node", () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.requireActual((require("./harness") as typeof import("./harness")).clientNodeBundle()),
);

const kubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

jest.setTimeout(120_000);

// kubectl works against the test double (discovery, get, rollout status/undo): what it sends for `rollout undo` is
// what wavegate's rollback must send, byte for byte (kubectl pkg/polymorphichelpers/rollback.go).
(kubectl ? describe : describe.skip)(
  "wavegate rollback sends exactly what kubectl rollout undo sends",
  () => {
    test.concurrent("same path, content type and body", async () => {
      const s = await scenario();
      try {
        const k = (...args: string[]) =>
          promisify(execFile)("kubectl", ["--kubeconfig", s.kubeconfig, "-n", "kube-system", ...args], {
            timeout: 60_000,
          });
        const status = await k("rollout", "status", "ds/agent-canary", "--timeout=60s");
        expect(status.stdout).toContain('daemon set "agent-canary" successfully rolled out');
        await k("rollout", "undo", "ds/agent-canary");
        const byKubectl = s.cluster.server.received.filter((r) => r.method === "PATCH");
        expect(byKubectl).toHaveLength(1);
        // Put the bad version back (as a re-apply would), then let wavegate undo it.
        s.cluster.setImage("kube-system", "agent-canary", `${IMAGE}:${NEW}`);
        const { code, stderr } = await s.run([
          "rollback",
          s.input,
          "--agent",
          "agent",
          "--wave",
          "canary",
          "--kubeconfig",
          s.kubeconfig,
          "--deadline",
          "30s",
        ]);
        expect({ code, stderr }).toMatchObject({ code: 0 });
        const byWavegate = s.cluster.server.received.filter((r) => r.method === "PATCH").slice(1);
        expect(byWavegate).toHaveLength(1);
        expect(byWavegate[0]).toMatchObject({
          path: byKubectl[0].path,
          contentType: byKubectl[0].contentType,
          body: byKubectl[0].body,
        });
        expect(byKubectl[0].contentType).toBe("application/strategic-merge-patch+json");
        expect(JSON.parse(byKubectl[0].body!).spec.template.$patch).toBe("replace");
        expect(byKubectl[0].body).toContain(`${IMAGE}:${OLD}`);
      } finally {
        await s.stop();
      }
    });

    test.concurrent(
      "a second wavegate rollback is refused: never roll back a rollback (exit 4)",
      async () => {
        const s = await scenario();
        try {
          const args = [
            "rollback",
            s.input,
            "--agent",
            "agent",
            "--wave",
            "canary",
            "--kubeconfig",
            s.kubeconfig,
            "--deadline",
            "30s",
            "--format",
            "json",
          ];
          // In this process (the test above runs the binary): the refusal is the CLI's, not the process's.
          expect((await s.runIn(args)).code).toBe(0);
          const again = await s.runIn(args);
          expect(again.code).toBe(4);
          expect(JSON.parse(again.stdout).rollback).toMatchObject({ outcome: "refused" });
        } finally {
          await s.stop();
        }
      },
    );
  },
);
