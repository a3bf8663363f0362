/**
 * The rules decide the usual resource at once (a fast path) and judge every other one in full (the general path).
 * GIVEN generated DaemonSets, valid and broken in every field those fast paths read, THEN each rule's results are
 * exactly the general path's: same outcomes, messages, fields, severities, fixes, and the same "value unknown".
 */
import fc from "fast-check";
import { LoadedDaemonSet } from "../../../lib/inputs/types";
import { expectToEqual, sameData } from "../../helpers/expect-equal";
import { IntOrPercent } from "../../../lib/model/int-or-percent";
import { groupAgents, wavesOf } from "../../../lib/policy/agents";
import { resolvePolicyOptions } from "../../../lib/policy/options";
import { judge } from "../../../lib/policy/rules/result";
import { judgeUpdateCapInFull, updateCapRule } from "../../../lib/policy/rules/wg102-update-cap";
import { judgeReadinessInFull, readinessRule } from "../../../lib/policy/rules/wg104-readiness";
import { imagePinnedRule, judgeImagesInFull } from "../../../lib/policy/rules/wg109-image-pinned";
import {
  forbiddenCapabilitiesRule,
  judgeForbiddenCapabilitiesInFull,
} from "../../../lib/policy/rules/wg202-forbidden-capabilities";
import {
  judgeLeastCapabilitiesInFull,
  leastCapabilitiesRule,
} from "../../../lib/policy/rules/wg203-least-capabilities";
import {
  hostNamespacesRule,
  judgeHostNamespacesInFull,
} from "../../../lib/policy/rules/wg205-host-namespaces";
import { AgentGroup, PolicyOptions, RuleContext, RuleResult } from "../../../lib/policy/types";

const DIGEST = `sha256:${"a".repeat(64)}`;
const image = fc.constantFrom(
  `registry.example/agent:v2.5.0@${DIGEST}`,
  `registry.example/agent@${DIGEST}`,
  "registry.example/agent:v2.5.0",
  "registry.example/agent:latest",
  "registry.example/agent:stable",
  "registry.example/agent",
  "registry.example/agent:v1@sha256:short",
  "",
  "  ",
  "${var.image}",
  undefined,
  7,
);
const capability = fc.constantFrom(
  "BPF",
  "PERFMON",
  "cap_bpf",
  "CAP_PERFMON",
  "NET_ADMIN",
  "SYS_ADMIN",
  "SYS_MODULE",
  "ALL",
  "NET_RAW",
  "${var.cap}",
);
const capList = fc.oneof(
  fc.array(capability, { maxLength: 3 }),
  fc.constantFrom(undefined, null, ["ALL"], "${var.caps}"),
);
const securityContext = fc.oneof(
  fc.constantFrom(undefined, null, "${var.sc}"),
  fc.record({
    readOnlyRootFilesystem: fc.constantFrom(true, true, true, false, undefined, "true", "${var.ro}"),
    capabilities: fc.oneof(
      fc.constantFrom(undefined, "${var.capabilities}"),
      fc.record({ add: capList, drop: capList }),
    ),
  }),
);
const container = fc.record({
  name: fc.constantFrom("agent", "sidecar", "", undefined, "${var.name}"),
  image,
  readinessProbe: fc.constantFrom(undefined, null, { httpGet: { path: "/readyz", port: 9090 } }, "${var.p}"),
  securityContext,
});
const hostFlag = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  null,
  false,
  false,
  true,
  "true",
  "${var.host}",
);
const intOrPercent = fc.constantFrom(
  undefined,
  null,
  "1",
  1,
  "0",
  0,
  "10%",
  "25%",
  "100%",
  "5",
  5,
  "${var.budget}",
  "abc",
  -1,
  1.5,
  "101%",
);

const daemonSet = fc
  .record({
    wave: fc.constantFrom("canary", "production", undefined),
    nodes: fc.constantFrom(undefined, "1", "20", "2000", "x"),
    sysAdminReason: fc.constantFrom(undefined, "kernel 5.4: bpf() needs SYS_ADMIN", "short"),
    hostPidReason: fc.constantFrom(undefined, "reads every process's /proc entries"),
    minReadySeconds: fc.constantFrom(undefined, 0, 10, 30, "30", "${var.ready}", "x"),
    strategy: fc.oneof(
      fc.constantFrom(undefined, "${var.strategy}"),
      fc.record({
        type: fc.constantFrom(undefined, "RollingUpdate", "OnDelete", "${var.type}"),
        rollingUpdate: fc.oneof(
          fc.constantFrom(undefined, "${var.rolling}"),
          fc.record({ maxUnavailable: intOrPercent, maxSurge: intOrPercent }),
        ),
      }),
    ),
    containers: fc.oneof(fc.array(container, { maxLength: 2 }), fc.constant("${var.containers}")),
    initContainers: fc.option(fc.array(container, { maxLength: 1 }), { nil: undefined }),
    hostPID: hostFlag,
    hostIPC: hostFlag,
    hostNetwork: hostFlag,
    form: fc.constantFrom(
      ["kubernetes_daemon_set_v1", "tf-json"] as const,
      ["kubernetes_manifest", "tf-json"] as const,
      ["DaemonSet", "k8s-yaml"] as const,
    ),
  })
  .map((d): LoadedDaemonSet => {
    const annotations: Record<string, unknown> = { "wavegate.dev/agent": "agent" };
    if (d.nodes !== undefined) annotations["wavegate.dev/nodes"] = d.nodes;
    if (d.sysAdminReason !== undefined) annotations["wavegate.dev/allow-sys-admin"] = d.sysAdminReason;
    if (d.hostPidReason !== undefined) annotations["wavegate.dev/allow-host-pid"] = d.hostPidReason;
    const manifest = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: `agent-${d.wave ?? "x"}`,
        labels: d.wave !== undefined ? { "wavegate.dev/wave": d.wave } : {},
        annotations,
      },
      spec: {
        minReadySeconds: d.minReadySeconds,
        updateStrategy: d.strategy,
        template: {
          spec: {
            containers: d.containers,
            initContainers: d.initContainers,
            hostPID: d.hostPID,
            hostIPC: d.hostIPC,
            hostNetwork: d.hostNetwork,
          },
        },
      },
    };
    return {
      source: { file: "x", format: d.form[1], address: `${d.form[0]}.agent` },
      kind: d.form[0],
      manifest: manifest as unknown as LoadedDaemonSet["manifest"],
      cluster: "default",
    };
  });

function context(all: LoadedDaemonSet[], options: PolicyOptions): RuleContext {
  return { all, agents: groupAgents(all), options: resolvePolicyOptions(options), pools: [] };
}

const cases: {
  rule: { id: string; check(ctx: RuleContext): RuleResult[] };
  full: (ds: LoadedDaemonSet, ctx: RuleContext) => RuleResult;
}[] = [
  {
    rule: updateCapRule,
    full: (ds, ctx) =>
      judgeUpdateCapInFull(ds, IntOrPercent.parse(ctx.options.maxUnavailableCap, "maxUnavailableCap")),
  },
  { rule: readinessRule, full: (ds, ctx) => judgeReadinessInFull(ds, ctx.options.minReadySeconds) },
  { rule: imagePinnedRule, full: (ds) => judgeImagesInFull(ds) },
  { rule: forbiddenCapabilitiesRule, full: (ds) => judgeForbiddenCapabilitiesInFull(ds) },
  { rule: leastCapabilitiesRule, full: (ds) => judgeLeastCapabilitiesInFull(ds) },
  { rule: hostNamespacesRule, full: (ds) => judgeHostNamespacesInFull(ds) },
];

describe.each(cases)("$rule.id: the fast path gives the general path's results", ({ rule, full }) => {
  test("property: on generated DaemonSets, the rule's results are the general path's, field for field", () => {
    let passed = 0;
    fc.assert(
      fc.property(
        fc.array(daemonSet, { minLength: 1, maxLength: 3 }),
        fc.constantFrom("10%", "1", "50%", "100%"),
        fc.constantFrom(0, 10, 30),
        (all, cap, minReadySeconds) => {
          const ctx = context(all, { maxUnavailableCap: cap, minReadySeconds });
          const results = rule.check(ctx);
          const general = judge(ctx, (ds) => full(ds, ctx));
          // Jest is asked only when the plain-data comparison (as strict as toStrictEqual here) fails.
          if (!sameData(results, general)) expect(results).toStrictEqual(general);
          passed += results.filter((r) => r.outcome === "pass").length;
        },
      ),
      { seed: 14, numRuns: 100 },
    );
    // The generated inputs reach the fast path (passes) as well as the general one.
    expect(passed).toBeGreaterThan(5);
  });
});

describe("wavesOf: distinct waves in rollout order", () => {
  /** The general computation: a map by wave name, then a stable sort by rank. */
  function reference(group: AgentGroup): { name: string; rank: number; daemonSets: LoadedDaemonSet[] }[] {
    const waves = new Map<string, { name: string; rank: number; daemonSets: LoadedDaemonSet[] }>();
    for (const ds of group.daemonSets) {
      const c = ds.manifest.metadata?.annotations as Record<string, string>;
      const name = ds.manifest.metadata?.labels?.["wavegate.dev/wave"] as string;
      const index = Number(c["wavegate.dev/wave-index"]);
      const wave = waves.get(name) ?? { name, rank: index, daemonSets: [] };
      wave.daemonSets.push(ds);
      waves.set(name, wave);
    }
    return [...waves.values()].sort((a, b) => a.rank - b.rank);
  }

  test("property: the same waves, members and order as a map and a stable sort (any order, up to 40 waves)", () => {
    const member = fc.record({ wave: fc.integer({ min: 0, max: 39 }), rank: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 60 }), (members) => {
        const daemonSets = members.map(({ wave, rank }, i): LoadedDaemonSet => ({
          source: { file: "x", format: "tf-json", address: `kubernetes_daemon_set_v1.ds${i}` },
          kind: "kubernetes_daemon_set_v1",
          cluster: "default",
          manifest: {
            metadata: {
              name: `ds${i}`,
              labels: { "wavegate.dev/wave": `w${wave}` },
              annotations: { "wavegate.dev/agent": "agent", "wavegate.dev/wave-index": String(rank + wave) },
            },
          } as unknown as LoadedDaemonSet["manifest"],
        }));
        // The group as given (not in wave order), and as groupAgents orders it.
        const given: AgentGroup = { agent: "agent", daemonSets };
        expectToEqual(wavesOf(given), reference(given));
        const [grouped] = groupAgents(daemonSets);
        expectToEqual(wavesOf(grouped), reference(grouped));
      }),
      { seed: 14, numRuns: 150 },
    );
  });
});
