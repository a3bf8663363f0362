import { LoadedDaemonSet } from "../../inputs/types";
import { show } from "../../model/errors";
import { IntOrPercent } from "../../model/int-or-percent";
import { contractOf, known, knownObject } from "../accessors";
import { Rule, RuleResult } from "../types";
import { failIfAny, judge, notApplicable, pass } from "./result";

/** Rule ID: the rolling update is bounded. */
export const WG102 = "WG102";

/** WG102: maxUnavailable and maxSurge are valid, below 100% and within the cap. */
export const updateCapRule: Rule = {
  id: WG102,
  name: "CappedRollingUpdate",
  severity: "error",
  title: "maxUnavailable and maxSurge are valid and within the cap (default 10%)",
  why:
    "The rolling-update budget is how many nodes a bad version can take down at once: 100% (or an uncapped value) " +
    "updates every node together; invalid values are rejected by the API server at apply time.",
  fix:
    'Set strategy.rolling_update.max_unavailable to at most the cap (e.g. "10%", or 1 on small pools) and keep ' +
    "max_surge 0; exactly one of them may be non-zero.",
  example: {
    fails: [
      "strategy {",
      '  type = "RollingUpdate"',
      '  rolling_update { max_unavailable = "100%" }',
      "}",
    ].join("\n"),
    passes: [
      "strategy {",
      '  type = "RollingUpdate"',
      "  rolling_update {",
      '    max_unavailable = "10%"',
      '    max_surge       = "0"',
      "  }",
      "}",
    ].join("\n"),
  },
  check(ctx) {
    const cap = IntOrPercent.parse(ctx.options.maxUnavailableCap, "maxUnavailableCap");
    return judge(ctx, (ds) => (quickPass(ds, cap) ? pass(ds) : judgeUpdateCapInFull(ds, cap)));
  },
};

/**
 * True when the general path passes the DaemonSet, decided from the usual shape: reads the fields in the general
 * path's order (so an unknown one throws the same `UnknownValue`), then `withinCap`.
 */
function quickPass(ds: LoadedDaemonSet, cap: IntOrPercent): boolean {
  const spec = knownObject(ds.manifest.spec, "spec") ?? {};
  const strategy = knownObject(spec.updateStrategy, "spec.updateStrategy") ?? {};
  const type = known(strategy.type, "spec.updateStrategy.type") ?? "RollingUpdate";
  if (type === "OnDelete") return false;
  const rolling = knownObject(strategy.rollingUpdate, "spec.updateStrategy.rollingUpdate") ?? {};
  const nodes = contractOf(ds)?.nodes;
  const unavailable = known(rolling.maxUnavailable, "spec.updateStrategy.rollingUpdate.maxUnavailable") ?? 1;
  const surge = known(rolling.maxSurge, "spec.updateStrategy.rollingUpdate.maxSurge") ?? 0;
  return withinCap(ds, unavailable, surge, cap, nodes);
}

/** The general path of WG102. */
export function judgeUpdateCapInFull(ds: LoadedDaemonSet, cap: IntOrPercent): RuleResult {
  const spec = knownObject(ds.manifest.spec, "spec") ?? {};
  const strategy = knownObject(spec.updateStrategy, "spec.updateStrategy") ?? {};
  const type = known(strategy.type, "spec.updateStrategy.type") ?? "RollingUpdate";
  if (type === "OnDelete")
    return notApplicable(ds, "update strategy OnDelete has no rolling update (see WG103)");
  const rolling = knownObject(strategy.rollingUpdate, "spec.updateStrategy.rollingUpdate") ?? {};
  const nodes = contractOf(ds)?.nodes;
  const problems: string[] = [];
  let at: string | undefined;
  const undecided: string[] = [];
  // Kubernetes itself (YAML, kubernetes_manifest) takes a string only as a percent ("10%"); the Terraform
  // provider's own schema writes every value as a string ("1"), so only that form may be a string integer.
  const kubernetesForm = ds.kind === "kubernetes_manifest" || ds.source.format === "k8s-yaml";
  const read = (name: "maxUnavailable" | "maxSurge", fallback: number) => {
    const raw = known(rolling[name], `spec.updateStrategy.rollingUpdate.${name}`) ?? fallback;
    const value = IntOrPercent.tryParse(raw);
    const count = problems.length;
    if (value === undefined) {
      problems.push(`${name} ${show(raw)} is invalid (use an integer or a percent up to 100%)`);
    } else if (kubernetesForm && typeof raw === "string" && !/^\d+%$/.test(raw)) {
      problems.push(
        `${name} ${show(raw)} is invalid in Kubernetes, which takes a string only as a percent (write ${value.isPercent ? `"${value}"` : value})`,
      );
    }
    if (problems.length > count) at ??= `spec.updateStrategy.rollingUpdate.${name}`;
    return value;
  };
  const unavailable = read("maxUnavailable", 1);
  const surge = read("maxSurge", 0);
  if (unavailable !== undefined && surge !== undefined) {
    if (unavailable.isZero && surge.isZero)
      problems.push("maxUnavailable and maxSurge are both 0, which is invalid");
    if (!unavailable.isZero && !surge.isZero) {
      problems.push(
        `maxUnavailable (${unavailable}) and maxSurge (${surge}) are both non-zero, which Kubernetes rejects`,
      );
    }
  }
  for (const [name, value] of [
    ["maxUnavailable", unavailable],
    ["maxSurge", surge],
  ] as const) {
    if (value === undefined || value.isZero) continue;
    const count = problems.length;
    // 100% updates every node at once whatever the cap says. An absolute number is judged against the cap
    // only: on a one-node canary, maxUnavailable 1 is the whole pool and still within a 10% cap (ceil).
    if (value.isPercent && value.value === 100) {
      problems.push(`${name} ${value} updates every node at once`);
    } else if (value.isWithin(cap, nodes) === undefined) {
      undecided.push(
        `${name} ${value} cannot be compared with the cap of ${cap} without the pool size (state the wavegate.dev/nodes annotation)`,
      );
    } else if (value.isWithin(cap, nodes) === false) {
      const known =
        !value.isPercent && nodes !== undefined
          ? ` (${nodes} nodes: the cap allows ${cap.resolve(nodes)})`
          : "";
      problems.push(`${name} ${value} is over the cap of ${cap}${known}`);
    }
    if (problems.length > count) at ??= `spec.updateStrategy.rollingUpdate.${name}`;
  }
  if (problems.length === 0 && undecided.length > 0) return notApplicable(ds, undecided.join("; "));
  return failIfAny(ds, problems, undefined, at ?? "spec.updateStrategy.rollingUpdate");
}

const PERCENT = /^\d+%$/;

/**
 * True when the full check would pass: both values valid (for Kubernetes a string only as a percent), exactly one
 * non-zero, and that one under 100% and within the cap for the pool size.
 */
function withinCap(
  ds: LoadedDaemonSet,
  rawUnavailable: unknown,
  rawSurge: unknown,
  cap: IntOrPercent,
  nodes: number | undefined,
): boolean {
  const unavailable = IntOrPercent.tryParse(rawUnavailable);
  const surge = IntOrPercent.tryParse(rawSurge);
  if (unavailable === undefined || surge === undefined) return false;
  if (ds.kind === "kubernetes_manifest" || ds.source.format === "k8s-yaml") {
    if (typeof rawUnavailable === "string" && !PERCENT.test(rawUnavailable)) return false;
    if (typeof rawSurge === "string" && !PERCENT.test(rawSurge)) return false;
  }
  if (unavailable.isZero === surge.isZero) return false;
  const value = unavailable.isZero ? surge : unavailable;
  if (value.isPercent && value.value === 100) return false;
  return value.isWithin(cap, nodes) === true;
}
