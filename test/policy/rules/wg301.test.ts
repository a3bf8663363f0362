import { rmSync } from "node:fs";
import { runPolicy } from "../../../lib/policy/engine";
import { JsonReport } from "../../../lib/policy/reporters/json";
import { findingsOf, outcomesOf } from "../helpers";
import { agentProps, cli, loaded, planOf, stagedTfJson, tempDir } from "./release-helpers";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function checkPlan(plan: unknown) {
  const dir = tempDir({ "plan.json": JSON.stringify(plan) });
  dirs.push(dir);
  const r = await cli(dir, ["check", "plan.json", "--format", "json", "--verbose"]);
  const report = JSON.parse(r.out) as JsonReport;
  const wg301 = report.findings.filter((f) => f.ruleId === "WG301");
  return { code: r.code, wg301 };
}

describe("WG301: one change advances at most one wave", () => {
  const tf = stagedTfJson();

  test("GIVEN a plan updating staging and production at once THEN check fails WG301 on both", async () => {
    const { code, wg301 } = await checkPlan(planOf(tf, { staging: ["update"], production: ["update"] }));
    expect(code).toBe(1);
    expect(Object.fromEntries(wg301.map((f) => [f.resource.wave, f.outcome]))).toEqual({
      canary: "pass",
      staging: "fail",
      production: "fail",
    });
    expect(wg301.find((f) => f.resource.wave === "staging")?.message).toMatch(
      /reaches 2 waves of agent at once \(staging, production\); wave staging: the plan updates kubernetes_daemon_set_v1\./,
    );
  });

  test("a replacement counts as a change; a plan changing one wave passes; a create does not count", async () => {
    const replaced = await checkPlan(planOf(tf, { canary: ["delete", "create"], staging: ["update"] }));
    expect(
      replaced.wg301
        .filter((f) => f.outcome === "fail")
        .map((f) => f.resource.wave)
        .sort(),
    ).toEqual(["canary", "staging"]);
    const one = await checkPlan(planOf(tf, { staging: ["update"] }));
    expect(one.wg301.map((f) => f.outcome)).toEqual(["pass", "pass", "pass"]);
    const created = await checkPlan(
      planOf(tf, { canary: ["create"], staging: ["create"], production: ["create"] }),
    );
    expect(created.wg301.map((f) => f.outcome)).toEqual(["pass", "pass", "pass"]);
  });

  test("a plan updating a ConfigMap that two waves mount fails WG301 on those waves", async () => {
    const shared = JSON.parse(JSON.stringify(tf));
    for (const key of Object.keys(shared.resource.kubernetes_daemon_set_v1)) {
      if (key.includes("_canary_")) continue;
      shared.resource.kubernetes_daemon_set_v1[key].spec.template.spec.volume = [
        { name: "rules", config_map: { name: "agent-rules" } },
      ];
    }
    const configMap = {
      address: "kubernetes_config_map_v1.rules",
      mode: "managed",
      type: "kubernetes_config_map_v1",
      name: "rules",
      change: {
        actions: ["update"],
        before: { metadata: [{ name: "agent-rules", namespace: "kube-system" }], data: { a: "1" } },
        after: { metadata: [{ name: "agent-rules", namespace: "kube-system" }], data: { a: "2" } },
      },
    };
    const { wg301 } = await checkPlan(planOf(shared, {}, [configMap]));
    expect(Object.fromEntries(wg301.map((f) => [f.resource.wave, f.outcome]))).toEqual({
      canary: "pass",
      staging: "fail",
      production: "fail",
    });
    expect(wg301.find((f) => f.resource.wave === "staging")?.message).toMatch(
      /the plan changes ConfigMap kube-system\/agent-rules \(kubernetes_config_map_v1\.rules\), read through volume "rules"/,
    );
  });

  test("without a plan or a baseline it is not applicable", () => {
    const report = runPolicy({
      daemonSets: loaded(),
      files: [],
      stacks: [],
      otherResources: 0,
      warnings: [],
    });
    expect(findingsOf(report, "WG301").map((f) => f.message)).toEqual(
      Array(3).fill("needs a plan JSON or --baseline <previous cdktf.out | *.tf.json> to see what changes"),
    );
  });

  test("--baseline: a shared-spec edit reaching every wave fails; a change of one wave's version passes", () => {
    const baseline = loaded();
    const input = (daemonSets: ReturnType<typeof loaded>) => ({
      daemonSets,
      files: [],
      stacks: [],
      otherResources: 0,
      warnings: [],
      release: { baseline },
    });
    const pod = agentProps().pod;
    const sharedArg = agentProps({
      pod: { containers: [{ ...pod.containers[0], args: ["--verbose"] }] },
    });
    const failed = runPolicy(input(loaded(sharedArg)));
    expect(outcomesOf(failed, "WG301")).toEqual({
      "agent-canary": "fail",
      "agent-staging": "fail",
      agent: "fail",
    });
    expect(findingsOf(failed, "WG301")[0].message).toMatch(/reaches 3 waves .*differs from the baseline/);
    const promoted = agentProps({ versions: { canary: "v1.1.0", staging: "v1.1.0", production: "v1.0.0" } });
    expect(outcomesOf(runPolicy(input(loaded(promoted))), "WG301")).toEqual({
      "agent-canary": "pass",
      "agent-staging": "pass",
      agent: "pass",
    });
  });
});
