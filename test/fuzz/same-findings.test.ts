import fc from "fast-check";
import { loadHcl } from "../../lib/inputs/hcl";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { loadPlanJson } from "../../lib/inputs/plan-json";
import { loadTfJson } from "../../lib/inputs/tf-json";
import { FileLoadResult } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";
import { agentCase, AgentCase, hclOf, manifestsOf, planJsonOf, SEED, tfJsonOf, yamlOf } from "./generators";
import { expectToEqual } from "../helpers/expect-equal";

// The same DaemonSets in every format must get the same verdicts: a privileged or un-staged DaemonSet that one
// format fails never passes quietly in another.

// WG110 (a deploy-time gate before the next wave) is about Terraform's apply order: Kubernetes YAML has no
// `depends_on`, so it is not applicable there by design and is left out of the comparison.
const TERRAFORM_ONLY = new Set(["WG110"]);

/** `<DaemonSet name> <rule>` -> outcome. */
function verdicts(load: FileLoadResult): Map<string, string> {
  const report = runPolicy({ ...load, files: ["input"], stacks: [] });
  const judged = report.findings.filter((f) => !TERRAFORM_ONLY.has(f.ruleId));
  return new Map(judged.map((f) => [`${f.name} ${f.ruleId}`, f.outcome]));
}

async function allFormats(c: AgentCase, withHcl: boolean): Promise<Record<string, FileLoadResult>> {
  const m = manifestsOf(c);
  const loads: Record<string, FileLoadResult> = {
    "tf-json": await loadTfJson("a.tf.json", JSON.stringify(tfJsonOf(m))),
    "plan-json": await loadPlanJson("a.plan.json", JSON.stringify(planJsonOf(m))),
    yaml: await loadKubernetesYaml("a.yaml", yamlOf(m, "yaml")),
    "yaml-json": await loadKubernetesYaml("a.json", yamlOf(m, "json")),
  };
  if (withHcl) loads.hcl = await loadHcl("a.tf", hclOf(m));
  return loads;
}

function expectSameVerdicts(c: AgentCase, loads: Record<string, FileLoadResult>): void {
  const reference = verdicts(loads["tf-json"]);
  expect(reference.size).toBeGreaterThan(0);
  for (const [format, load] of Object.entries(loads)) {
    expect(load.daemonSets).toHaveLength(manifestsOf(c).length);
    const mine = verdicts(load);
    const differ = [...reference].filter(([id, outcome]) => mine.get(id) !== outcome);
    expectToEqual(
      { format, differ: differ.map(([id, o]) => `${id}: tf-json ${o}, ${format} ${mine.get(id)}`) },
      { format, differ: [] },
    );
    // Never a silent pass: a privileged container fails WG201, an un-staged DaemonSet fails WG101, everywhere.
    if (c.privileged)
      expect([...mine].filter(([id]) => id.endsWith(" WG201")).every(([, o]) => o === "fail")).toBe(true);
    if (c.waves === 1)
      expect([...mine].filter(([id]) => id.endsWith(" WG101")).every(([, o]) => o === "fail")).toBe(true);
  }
}

describe("fuzz: the same DaemonSets in tf.json, plan JSON, YAML and JSON-as-YAML get the same findings", () => {
  test("property (seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, async (c) => expectSameVerdicts(c, await allFormats(c, false))),
      { numRuns: 30, seed: SEED },
    );
  });

  test("property with HCL too (few runs: hcl2json is slow)", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, async (c) => expectSameVerdicts(c, await allFormats(c, true))),
      { numRuns: 3, seed: SEED + 1 },
    );
  });
});
