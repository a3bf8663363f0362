import { show, ValidationError } from "../errors";
import { Toleration } from "../k8s";
import { labelKeyProblem, labelValueProblem } from "./labels";

/** A taint effect as Kubernetes spells it. */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** The taint effects, in Kubernetes spelling. */
export const TAINT_EFFECTS: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** A node taint in Kubernetes form. */
export interface NodeTaint {
  /** Taint key, e.g. `wavegate.dev/wave`. */
  readonly key: string;
  /** Taint value (may be empty). */
  readonly value?: string;
  /** Taint effect. */
  readonly effect: TaintEffect;
}

/**
 * True when `toleration` tolerates `taint`, exactly as Kubernetes decides (`k8s.io/api/core/v1/toleration.go`,
 * `ToleratesTaint`): an empty effect matches every effect, an empty key (with `Exists`) every key, `Exists` any
 * value, and `Equal` (or no operator) the same value.
 */
export function toleratesTaint(toleration: Toleration, taint: NodeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "Equal") {
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/**
 * True when the taint keeps a DaemonSet pod that does not tolerate it off the node. `PreferNoSchedule` is a
 * preference only: the scheduler still places the pod.
 */
export function repels(taint: NodeTaint): boolean {
  return taint.effect !== "PreferNoSchedule";
}

/** The toleration a wave needs for its pool's taint: the same key, value and effect. */
export function tolerationFor(taint: NodeTaint): Toleration {
  return { key: taint.key, operator: "Equal", value: taint.value ?? "", effect: taint.effect };
}

/** Throws a ValidationError unless the taint is one Kubernetes accepts. */
export function checkTaint(taint: NodeTaint, field: string): void {
  const keyProblem = labelKeyProblem(taint?.key);
  if (keyProblem !== undefined) {
    throw new ValidationError(`${field}.key`, keyProblem, 'Use a key such as "wavegate.dev/wave".');
  }
  const valueProblem = labelValueProblem(taint.value ?? "");
  if (valueProblem !== undefined) {
    throw new ValidationError(
      `${field}.value`,
      `${show(taint.value)}: ${valueProblem}`,
      'Use a value such as "canary".',
    );
  }
  if (!TAINT_EFFECTS.includes(taint.effect)) {
    throw new ValidationError(
      `${field}.effect`,
      `${show(taint.effect)} is not a taint effect`,
      `Use one of ${TAINT_EFFECTS.map((e) => show(e)).join(", ")} (Kubernetes spelling; wavegate converts it for the cloud).`,
    );
  }
}
