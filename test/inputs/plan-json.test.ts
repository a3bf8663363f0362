import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { KNOWN_AFTER_APPLY, loadPlanJson, markUnknown } from "../../lib/inputs/plan-json";
import { isUnknown } from "../../lib/inputs/types";

const fixture = (name: string) => join(__dirname, "fixtures", name);
const load = (name: string) => loadPlanJson(name, readFileSync(fixture(name), "utf8"));

describe("loadPlanJson", () => {
  test("GIVEN a plan creating the classic guardrail WHEN loaded THEN it is one DaemonSet, read once", async () => {
    const result = await load("unstaged.plan.json");
    // Present in both planned_values and resource_changes: counted once.
    expect(result.daemonSets).toHaveLength(1);
    expect(result.otherResources).toBe(0);
    const [ds] = result.daemonSets;
    expect(ds.source).toEqual({
      file: "unstaged.plan.json",
      format: "plan-json",
      address: "kubernetes_daemonset.node_agent",
    });
    expect(ds.cluster).toBe("default");
    expect(ds.manifest.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "10%" },
    });
    expect(ds.manifest.spec.template.spec.containers[0].image).toBe("registry.example/node-agent:latest");
  });

  test("the provider's unset attributes (empty strings, absent blocks) and server-set metadata are dropped", async () => {
    const [ds] = (await load("unstaged.plan.json")).daemonSets;
    expect(ds.manifest.metadata).toEqual({
      name: "node-agent",
      namespace: "kube-system",
      labels: { app: "node-agent" },
    });
    expect(ds.manifest.spec.template.metadata).toEqual({ labels: { app: "node-agent" } });
    const [container] = ds.manifest.spec.template.spec.containers;
    expect(container.readinessProbe).toBeUndefined();
    expect(container.imagePullPolicy).toBeUndefined();
    expect(container.ports).toEqual([{ containerPort: 9090, hostPort: 0, name: "metrics", protocol: "TCP" }]);
    // Values the provider set that may be meant are kept.
    expect(ds.manifest.spec.template.spec.hostNetwork).toBe(false);
    expect(ds.manifest.spec.minReadySeconds).toBe(0);
  });

  describe("GIVEN a plan with modules, for_each instances, an aliased provider and unknown values", () => {
    let result: Awaited<ReturnType<typeof loadPlanJson>>;
    beforeAll(async () => {
      result = await load("modules.plan.json");
    });
    const byAddress = (a: string) => result.daemonSets.find((d) => d.source.address === a)!;

    test("THEN child modules are read recursively, with module-prefixed instance addresses", () => {
      expect(result.daemonSets.map((d) => d.source.address).sort()).toEqual([
        'module.agents.kubernetes_daemon_set_v1.wave["canary"]',
        'module.agents.kubernetes_daemon_set_v1.wave["production"]',
        "module.agents.module.extra.kubernetes_daemonset.sidecar[0]",
      ]);
    });

    test("THEN data sources are ignored, other resources counted, deletions skipped with a warning", () => {
      expect(result.otherResources).toBe(1);
      expect(result.warnings).toContain(
        "modules.plan.json: 1 resource(s) planned for deletion were not checked",
      );
    });

    test("THEN after_unknown values are unknown, never guessed from before or planned_values", () => {
      const production = byAddress('module.agents.kubernetes_daemon_set_v1.wave["production"]');
      const image = production.manifest.spec.template.spec.containers[0].image;
      expect(image).toBe(KNOWN_AFTER_APPLY);
      expect(isUnknown(image)).toBe(true);
      expect(result.warnings).toContain(
        'modules.plan.json: module.agents.kubernetes_daemon_set_v1.wave["production"]: 1 value(s) known only after ' +
          "apply (spec.template.spec.containers[0].image); rules that need them report not applicable",
      );
    });

    test("THEN the provider alias from configuration names the cluster, in modules too", () => {
      expect(byAddress('module.agents.kubernetes_daemon_set_v1.wave["canary"]').cluster).toBe(
        "kubernetes.eu",
      );
      expect(byAddress("module.agents.module.extra.kubernetes_daemonset.sidecar[0]").cluster).toBe("default");
    });

    test("THEN the rollout contract and nested probe blocks are read", () => {
      const canary = byAddress('module.agents.kubernetes_daemon_set_v1.wave["canary"]');
      expect(canary.manifest.metadata.labels?.["wavegate.dev/wave"]).toBe("canary");
      expect(canary.manifest.spec.template.spec.containers[0].readinessProbe).toEqual({
        httpGet: { path: "/readyz", port: 9090, scheme: "HTTP" },
        periodSeconds: 5,
        initialDelaySeconds: 0,
        failureThreshold: 3,
        successThreshold: 1,
        timeoutSeconds: 1,
      });
      expect(canary.manifest.spec.minReadySeconds).toBe(30);
    });

    test("THEN a resource only in planned_values is still read", () => {
      const sidecar = byAddress("module.agents.module.extra.kubernetes_daemonset.sidecar[0]");
      expect(sidecar.manifest.spec.updateStrategy?.rollingUpdate?.maxUnavailable).toBe("100%");
    });
  });

  test("JSON that is not a plan is an InputError", async () => {
    await expect(loadPlanJson("p.json", '{"format_version": "1.2"}')).rejects.toThrow(
      /^p\.json: not a Terraform plan/,
    );
  });

  test("malformed JSON names the file and line", async () => {
    await expect(
      loadPlanJson("p.json", '{\n  "format_version": "1.2",\n  "planned_values": }\n'),
    ).rejects.toThrow(/^p\.json(:3)?: malformed JSON/);
  });
});

describe("markUnknown", () => {
  test("marks values by key and index, including values absent from after", () => {
    expect(
      markUnknown({ a: 1, b: [{ c: 2 }, { c: 3 }] }, { a: false, b: [{}, { c: true, d: true }], e: true }),
    ).toEqual({ a: 1, b: [{ c: 2 }, { c: KNOWN_AFTER_APPLY, d: KNOWN_AFTER_APPLY }], e: KNOWN_AFTER_APPLY });
  });

  test("property: with nothing unknown, after is unchanged; with everything unknown, all of it is", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (after) => {
        expect(markUnknown(after, {})).toEqual(after);
        expect(markUnknown(after, false)).toEqual(after);
        expect(markUnknown(after, true)).toBe(KNOWN_AFTER_APPLY);
      }),
    );
  });
});
