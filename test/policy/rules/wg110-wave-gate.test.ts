import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NodePool, StagedDaemonSet } from "../../../lib";
import { loadPlanJson } from "../../../lib/inputs/plan-json";
import { runPolicy } from "../../../lib/policy";
import { fixtureJson, loadJson, Tf } from "../helpers";

const wg110 = (load: Parameters<typeof runPolicy>[0]) =>
  runPolicy(load)
    .findings.filter((f) => f.ruleId === "WG110")
    .map((f) => [f.wave, f.outcome]);

describe("WG110: a wave gate before the next wave", () => {
  test("GIVEN gates after canary and staging THEN every wave passes or is the last", () => {
    expect(wg110(loadJson(fixtureJson("staged-good.tf.json")))).toEqual([
      ["canary", "pass"],
      ["staging", "pass"],
      ["production", "not-applicable"],
    ]);
  });

  test("GIVEN staging's gate removed THEN staging fails (a warning) naming the next wave", () => {
    const json: Tf = fixtureJson("staged-good.tf.json");
    delete json.resource.terraform_data["node-agent_staging-gate"];
    const findings = runPolicy(loadJson(json)).findings.filter(
      (f) => f.ruleId === "WG110" && f.outcome === "fail",
    );
    expect(findings.map((f) => [f.wave, f.severity])).toEqual([["staging", "warning"]]);
    expect(findings[0].message).toContain('before wave "production"');
  });

  test("GIVEN a gate marked for another wave THEN it does not count", () => {
    const json: Tf = fixtureJson("staged-good.tf.json");
    json.resource.terraform_data["node-agent_canary-gate"].input["wavegate.dev/gate"] =
      "node-agent/production";
    expect(wg110(loadJson(json))[0]).toEqual(["canary", "fail"]);
  });

  test("GIVEN depends_on written as ${...} (HCL through hcl2json) THEN the gate is found", () => {
    const json: Tf = fixtureJson("staged-good.tf.json");
    const staging = json.resource.kubernetes_daemon_set_v1["node-agent_staging"];
    staging.depends_on = staging.depends_on.map((d: string) => `\${${d}}`);
    expect(wg110(loadJson(json))[0]).toEqual(["canary", "pass"]);
  });

  test("GIVEN a plan whose configuration has the gate and depends_on THEN canary passes", async () => {
    const tf: Tf = fixtureJson("staged-good.tf.json");
    const ds = tf.resource.kubernetes_daemon_set_v1;
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: Object.entries(ds).map(([name, body]) => ({
            address: `kubernetes_daemon_set_v1.${name}`,
            mode: "managed",
            type: "kubernetes_daemon_set_v1",
            name,
            values: { ...(body as Tf), depends_on: undefined },
          })),
        },
      },
      configuration: {
        root_module: {
          resources: [
            ...Object.entries(tf.resource.terraform_data).map(([name, body]) => ({
              address: `terraform_data.${name}`,
              type: "terraform_data",
              name,
              expressions: { input: { constant_value: (body as Tf).input } },
            })),
            ...Object.entries(ds).map(([name, body]) => ({
              address: `kubernetes_daemon_set_v1.${name}`,
              type: "kubernetes_daemon_set_v1",
              name,
              depends_on: (body as Tf).depends_on,
            })),
          ],
        },
      },
    };
    const loaded = await loadPlanJson("plan.json", JSON.stringify(plan));
    const report = runPolicy({ ...loaded, files: ["plan.json"], stacks: [] });
    expect(report.findings.filter((f) => f.ruleId === "WG110").map((f) => [f.wave, f.outcome])).toEqual([
      ["canary", "pass"],
      ["staging", "pass"],
      ["production", "not-applicable"],
    ]);
  });

  test("GIVEN a StagedDaemonSet with gate: true WHEN synthesized and checked THEN WG110 passes; without it, it warns", () => {
    const synth = (gate: boolean) => {
      const stack = new TerraformStack(Testing.app(), "s");
      new KubernetesProvider(stack, "kubernetes", {});
      new StagedDaemonSet(stack, "agent", {
        name: "agent",
        image: "registry.example/agent",
        versions: { canary: "v2", staging: "v1", production: "v1" },
        waves: [
          { name: "canary", pool: NodePool.eksNodegroup("dev") },
          { name: "staging", pool: NodePool.eksNodegroup("staging") },
          { name: "production" },
        ],
        pod: {
          containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/healthz", port: 9090 } } }],
        },
        gate,
      });
      return loadJson(JSON.parse(Testing.synth(stack)));
    };
    expect(Object.fromEntries(wg110(synth(true)))).toEqual({
      canary: "pass",
      staging: "pass",
      production: "not-applicable",
    });
    expect(Object.fromEntries(wg110(synth(false)))).toEqual({
      canary: "fail",
      staging: "fail",
      production: "not-applicable",
    });
  });
});
