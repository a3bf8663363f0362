import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { LoadedDaemonSet } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";
import { evaluateGate } from "../../lib/policy/gate";
import { toJsonReport } from "../../lib/policy/reporters/json";
import { toSarif } from "../../lib/policy/reporters/sarif";
import { renderText } from "../../lib/policy/reporters/text";

/** One failing DaemonSet after a ConfigMap; the comment column names each offending line. */
const YAML = [
  "apiVersion: v1", // 1
  "kind: ConfigMap",
  "metadata: {name: c}",
  "---",
  "apiVersion: apps/v1", // 5: the DaemonSet starts here
  "kind: DaemonSet",
  "metadata:",
  "  name: agent",
  "spec:",
  "  revisionHistoryLimit: 0", // 10: WG108
  "  updateStrategy:",
  "    rollingUpdate:",
  "      maxUnavailable: 100%", // 13: WG102
  "  template:",
  "    spec:",
  "      hostPID: true", // 16: WG205
  "      containers:",
  "        - name: sidecar",
  "          image: registry.example/sidecar:1.0@sha256:" + "a".repeat(64),
  "          securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}",
  "        - name: agent", // 21: WG104 (no probe: the container)
  "          image: registry.example/agent:latest", // 22: WG109
  "          securityContext:",
  "            privileged: true", // 24: WG201
  "            capabilities:", // 25: WG203 (no drop: the capabilities)
  "              add: [BPF, SYS_MODULE]", // 26: WG202
  "",
].join("\n");

const EXPECTED: Record<string, [number, string]> = {
  WG102: [13, "spec.updateStrategy.rollingUpdate.maxUnavailable"],
  WG104: [18, "spec.template.spec.containers[0].readinessProbe"],
  WG108: [10, "spec.revisionHistoryLimit"],
  WG109: [22, "spec.template.spec.containers[1].image"],
  WG201: [24, "spec.template.spec.containers[1].securityContext.privileged"],
  WG202: [26, "spec.template.spec.containers[1].securityContext.capabilities.add[1]"],
  WG203: [25, "spec.template.spec.containers[1].securityContext.capabilities.drop"],
  WG205: [16, "spec.template.spec.hostPID"],
};

async function report(text = YAML) {
  const load = await loadKubernetesYaml("ds.yaml", text);
  return runPolicy({ ...load, files: ["ds.yaml"], stacks: [] });
}

describe("YAML findings point at the offending field", () => {
  test("each failure's line is its field's line (or the nearest written part of its path), not the document's", async () => {
    const r = await report();
    const failures = r.findings.filter((f) => f.outcome === "fail");
    const located = Object.fromEntries(
      failures.filter((f) => f.field !== undefined).map((f) => [f.ruleId, [f.line, f.field]]),
    );
    expect(located).toEqual(EXPECTED);
    // WG101 judges the whole object: it stays at the DaemonSet's line.
    const wg101 = failures.find((f) => f.ruleId === "WG101");
    expect([wg101?.line, wg101?.source.line]).toEqual([undefined, 5]);
  });

  test("SARIF places each result at its field's line; the text report says file:line and the field", async () => {
    const r = await report();
    const sarif = toSarif(r);
    const lines = Object.fromEntries(
      (sarif.runs[0].results ?? []).map((res) => [
        res.ruleId,
        res.locations?.[0].physicalLocation?.region?.startLine,
      ]),
    );
    expect(lines).toMatchObject(
      Object.fromEntries(Object.entries(EXPECTED).map(([id, [line]]) => [id, line])),
    );
    expect(lines.WG101).toBe(5);
    const text = renderText(r, { gate: evaluateGate(r) });
    expect(text).toContain("at ds.yaml:24 (spec.template.spec.containers[1].securityContext.privileged)");
    const json = toJsonReport(r).findings.find((f) => f.ruleId === "WG201");
    expect([json?.line, json?.field]).toEqual(EXPECTED.WG201);
  });

  test("lines are located for failures only: passes and n/a never ask", async () => {
    const load = await loadKubernetesYaml("ds.yaml", YAML);
    const asked: string[] = [];
    const [ds] = load.daemonSets;
    const spy: LoadedDaemonSet = {
      ...ds,
      source: {
        ...ds.source,
        lineOf: (field: string) => {
          asked.push(field);
          return ds.source.lineOf?.(field);
        },
      },
    };
    const r = runPolicy({ ...load, daemonSets: [spy], files: ["ds.yaml"], stacks: [] });
    const failingFields = r.findings.filter((f) => f.outcome === "fail" && f.field).map((f) => f.field);
    expect(asked.sort()).toEqual([...failingFields].sort());
    expect(asked).toHaveLength(Object.keys(EXPECTED).length);
  });

  test("flow style, quoted keys and List items are located too", async () => {
    const list = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}",
      "  - apiVersion: apps/v1",
      "    kind: DaemonSet",
      "    metadata: {name: flow}",
      '    "spec": {template: {spec: {containers: [',
      "      {name: a, image: 'x:1', securityContext: {privileged: true}}]}}}",
      "",
    ].join("\n");
    const r = await report(list);
    const wg201 = r.findings.find((f) => f.ruleId === "WG201");
    expect([wg201?.outcome, wg201?.source.line, wg201?.line]).toEqual(["fail", 5, 9]);
  });
});
