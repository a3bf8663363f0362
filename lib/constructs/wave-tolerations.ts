import { show, Toleration, ValidationError, WaveDaemonSet } from "../model";
import { labelKeyProblem, TAINT_EFFECTS } from "../model/node-pools";

/** What {@link withWaveTolerations} reads of each wave's options. */
interface WithTolerations {
  readonly tolerations?: readonly Toleration[];
}

/**
 * Adds each wave's own `tolerations` (StagedWaveOptions.tolerations, e.g. the taint of a wave node pool) to that
 * wave's pod template, after the pod's shared tolerations. Throws a ValidationError for a toleration Kubernetes
 * rejects (`pkg/apis/core/validation`: `validateTolerations`).
 */
export function withWaveTolerations(
  built: WaveDaemonSet[],
  waves: readonly WithTolerations[],
): WaveDaemonSet[] {
  return built.map((w, i) => {
    const extra = waves[i]?.tolerations;
    if (extra === undefined || extra.length === 0) return w;
    extra.forEach((t, j) => checkToleration(t, `waves[${i}].tolerations[${j}]`));
    const spec = w.manifest.spec.template.spec;
    const tolerations = [...(spec.tolerations ?? []), ...extra.map((t) => ({ ...t }))];
    return {
      ...w,
      manifest: {
        ...w.manifest,
        spec: {
          ...w.manifest.spec,
          template: { ...w.manifest.spec.template, spec: { ...spec, tolerations } },
        },
      },
    };
  });
}

function checkToleration(t: Toleration, field: string): void {
  const operator = t?.operator ?? "Equal";
  if (operator !== "Equal" && operator !== "Exists") {
    throw new ValidationError(
      `${field}.operator`,
      `${show(t.operator)} is not an operator`,
      'Use "Equal" or "Exists".',
    );
  }
  if (t.key !== undefined && t.key !== "" && labelKeyProblem(t.key) !== undefined) {
    throw new ValidationError(
      `${field}.key`,
      labelKeyProblem(t.key) as string,
      'Use a taint key such as "wavegate.dev/wave".',
    );
  }
  if ((t.key ?? "") === "" && operator !== "Exists") {
    throw new ValidationError(
      `${field}.key`,
      "an empty key needs operator Exists",
      'Name the taint key, or use operator "Exists" to tolerate every taint.',
    );
  }
  if (operator === "Exists" && (t.value ?? "") !== "") {
    throw new ValidationError(
      `${field}.value`,
      "operator Exists takes no value",
      "Remove the value, or use operator Equal.",
    );
  }
  if (t.effect !== undefined && !TAINT_EFFECTS.includes(t.effect)) {
    throw new ValidationError(
      `${field}.effect`,
      `${show(t.effect)} is not a taint effect`,
      `Use one of ${TAINT_EFFECTS.join(", ")}.`,
    );
  }
}
