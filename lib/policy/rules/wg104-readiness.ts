import { agentContainerOf, isObject, knownNumber, knownObject } from "../accessors";
import { LoadedDaemonSet } from "../../inputs/types";
import { Rule, RuleResult } from "../types";
import { failIfAny, judge, notApplicable, pass } from "./result";

/** Rule ID: readiness gates the rollout. */
export const WG104 = "WG104";

/** WG104: the agent container has a readiness probe and minReadySeconds is at least the minimum. */
export const readinessRule: Rule = {
  id: WG104,
  name: "ReadinessGatedRollout",
  severity: "error",
  title:
    "The agent container has a readiness probe and min_ready_seconds is at least the minimum (default 10)",
  why:
    "The rolling update counts a pod available once it has been Ready for minReadySeconds. Without a readiness " +
    "probe a pod is Ready as soon as it starts, so a crashing or broken agent never stops the rollout.",
  fix:
    "Add a readiness_probe on the agent's local health endpoint and set min_ready_seconds (e.g. 30) so a pod must " +
    "stay Ready before the next node is updated.",
  example: {
    fails: [
      "spec {",
      "  min_ready_seconds = 0",
      '  template { spec { container { name = "agent" } } }',
      "}",
    ].join("\n"),
    passes: [
      "spec {",
      "  min_ready_seconds = 30",
      "  template { spec { container {",
      '    name = "agent"',
      '    readiness_probe { http_get { path = "/readyz"  port = 9090 } }',
      "  } } }",
      "}",
    ].join("\n"),
  },
  check(ctx) {
    const minimum = ctx.options.minReadySeconds;
    return judge(ctx, (ds) => (quickPass(ds, minimum) ? pass(ds) : judgeReadinessInFull(ds, minimum)));
  },
};

/**
 * True when the general path passes the DaemonSet: the agent container has a readiness probe object and
 * minReadySeconds is at least the minimum (read in the general path's order, so an unknown value throws the same).
 */
function quickPass(ds: LoadedDaemonSet, minimum: number): boolean {
  const agent = agentContainerOf(ds);
  if (agent === undefined) return false;
  const probe = agent.container.readinessProbe;
  if (!isObject(probe)) return false;
  const spec = knownObject(ds.manifest.spec, "spec") ?? {};
  return (knownNumber(spec.minReadySeconds, "spec.minReadySeconds") ?? 0) >= minimum;
}

/** The general path of WG104. */
export function judgeReadinessInFull(ds: LoadedDaemonSet, minimum: number): RuleResult {
  const agent = agentContainerOf(ds);
  if (agent === undefined) return notApplicable(ds, "the pod has no container");
  const problems: string[] = [];
  let at: string | undefined;
  const probe = knownObject(agent.container.readinessProbe, `${agent.field}.readinessProbe`);
  if (probe === undefined) {
    problems.push(`${agent.label} has no readiness probe, so maxUnavailable guards nothing`);
    at = `${agent.field}.readinessProbe`;
  }
  const spec = knownObject(ds.manifest.spec, "spec") ?? {};
  const stated = knownNumber(spec.minReadySeconds, "spec.minReadySeconds");
  const ready = stated ?? 0;
  if (ready < minimum) {
    const value = stated === undefined ? "not set (0)" : String(ready);
    problems.push(`min_ready_seconds is ${value}, below the minimum of ${minimum}`);
    at ??= "spec.minReadySeconds";
  }
  return failIfAny(ds, problems, undefined, at);
}
