/**
 * WG301 looks a plan's changes up in an index built once (each DaemonSet's own change; ConfigMap / Secret changes by
 * file, kind and name), where it searched the whole list for every DaemonSet: a plan of 10,000 DaemonSets took 16 s.
 * Its findings must be those of the previous rule (test/policy/rules/wg301.reference.ts), message for message.
 */
import fc from "fast-check";
import { PlanChange } from "../../../lib/inputs/plan-changes";
import { LoadedDaemonSet } from "../../../lib/inputs/types";
import { contractMetadata } from "../../../lib/model/contract";
import { runRules } from "../../../lib/policy/engine";
import { oneWavePerChangeRule } from "../../../lib/policy/rules/wg301-one-wave-per-change";
import { expectToEqual } from "../../helpers/expect-equal";
import { oneWavePerChangeRule as referenceRule } from "./wg301.reference";

const FILES = ["a.plan.json", "b.plan.json"];
const NAMES = ["rules", "config", "token", "shared"];
const WAVES = ["canary", "staging", "production"];
const CONTENT_TYPES = [
  "kubernetes_config_map_v1",
  "kubernetes_config_map",
  "kubernetes_secret_v1",
  "kubernetes_secret_v1_data",
];
const ACTIONS = [["update"], ["delete", "create"], ["create"], ["delete"], ["no-op"], ["create", "delete"]];

/** How a pod reads one ConfigMap or Secret. */
const ref = fc.record({
  kind: fc.constantFrom("ConfigMap", "Secret"),
  name: fc.constantFrom(...NAMES),
  how: fc.constantFrom("volume", "envFrom", "env", "projected"),
});

/** One wave's plan file, namespace and the content its pod reads. */
interface WaveCase {
  file: string;
  namespace: string;
  refs: { kind: string; name: string; how: string }[];
}

// Mostly one file and one namespace: a change must meet a DaemonSet's file and namespace to count, and findings only
// say (in their messages) which changes counted, in plan order, when two waves change.
const oneFileMostly = fc.constantFrom(FILES[0], FILES[0], FILES[0], FILES[1]);
const oneNamespaceMostly = fc.constantFrom("kube-system", "kube-system", "kube-system", "default");

const wave: fc.Arbitrary<WaveCase> = fc.record({
  file: oneFileMostly,
  namespace: oneNamespaceMostly,
  refs: fc.array(ref, { maxLength: 5 }),
});

/** One agent's three waves, as loaded from a plan. */
function daemonSets(agent: string, waves: readonly WaveCase[]): LoadedDaemonSet[] {
  return waves.map((w, index) => {
    const name = index === waves.length - 1 ? agent : `${agent}-${WAVES[index]}`;
    const volumes: unknown[] = [];
    const envFrom: unknown[] = [];
    const env: unknown[] = [];
    w.refs.forEach((r, i) => {
      const cm = r.kind === "ConfigMap";
      if (r.how === "volume")
        volumes.push({
          name: `v${i}`,
          ...(cm ? { configMap: { name: r.name } } : { secret: { secretName: r.name } }),
        });
      else if (r.how === "projected")
        volumes.push({
          name: `p${i}`,
          projected: { sources: [cm ? { configMap: { name: r.name } } : { secret: { name: r.name } }] },
        });
      else if (r.how === "envFrom")
        envFrom.push(cm ? { configMapRef: { name: r.name } } : { secretRef: { name: r.name } });
      else
        env.push({
          name: `E${i}`,
          valueFrom: cm
            ? { configMapKeyRef: { name: r.name, key: "k" } }
            : { secretKeyRef: { name: r.name, key: "k" } },
        });
    });
    const contract = contractMetadata({ agent, wave: WAVES[index], index, waves: WAVES, version: "v1" });
    return {
      source: {
        file: w.file,
        format: "plan-json",
        address: `kubernetes_daemon_set_v1.${name.replace(/-/g, "_")}`,
      },
      kind: "kubernetes_daemon_set_v1",
      cluster: "default",
      manifest: {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name, namespace: w.namespace, ...contract },
        spec: {
          selector: { matchLabels: { app: agent } },
          template: {
            metadata: { labels: { app: agent } },
            spec: { containers: [{ name: "agent", image: "r/agent:v1", envFrom, env }], volumes },
          },
        },
      },
    } as unknown as LoadedDaemonSet;
  });
}

const change = (addresses: readonly string[]): fc.Arbitrary<PlanChange> =>
  fc.oneof(
    fc.record({
      file: oneFileMostly,
      address: fc.constantFrom(...addresses),
      type: fc.constant("kubernetes_daemon_set_v1"),
      actions: fc.constantFrom(...ACTIONS),
    }),
    fc.record(
      {
        file: fc.constantFrom(...FILES),
        address: fc.constantFrom(
          "kubernetes_config_map_v1.a",
          "kubernetes_secret_v1.b",
          "module.m.kubernetes_config_map.c",
        ),
        type: fc.constantFrom(...CONTENT_TYPES, "null_resource"),
        actions: fc.constantFrom(...ACTIONS),
        name: fc.constantFrom(...NAMES),
        namespace: oneNamespaceMostly,
      },
      { requiredKeys: ["file", "address", "type", "actions"] },
    ),
  );

describe("WG301 with the plan index", () => {
  test("property: the same findings as the rule that searched the plan for every DaemonSet (seeded)", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(wave, wave, wave), { minLength: 1, maxLength: 3 })
          .map((agents) => agents.flatMap((ws, i) => daemonSets(`agent${i}`, ws)))
          .chain((all) =>
            fc.tuple(fc.constant(all), fc.array(change(all.map((d) => d.source.address)), { maxLength: 16 })),
          ),
        ([all, planChanges]) => {
          const load = {
            daemonSets: all,
            files: FILES,
            stacks: [],
            otherResources: 0,
            warnings: [],
            release: { planChanges },
          };
          const findings = (rule: typeof referenceRule) =>
            runRules([rule], load).findings.map((f) => [
              f.source.address,
              f.source.file,
              f.outcome,
              f.message,
            ]);
          expectToEqual(findings(oneWavePerChangeRule), findings(referenceRule));
        },
      ),
      { numRuns: 300, seed: 1414 },
    );
  });
});
