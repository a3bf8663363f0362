import { Rule } from "../types";
import { stagedRolloutRule } from "./wg101-staged-rollout";
import { updateCapRule } from "./wg102-update-cap";
import { onDeleteRule } from "./wg103-on-delete";
import { readinessRule } from "./wg104-readiness";
import { waveOrderRule } from "./wg105-wave-order";
import { poolCoverageRule } from "./wg106-pool-coverage";
import { waveCountRule } from "./wg107-wave-count";
import { revisionHistoryRule } from "./wg108-revision-history";
import { imagePinnedRule } from "./wg109-image-pinned";
import { waveGateRule } from "./wg110-wave-gate";
import { privilegedRule } from "./wg201-privileged";
import { forbiddenCapabilitiesRule } from "./wg202-forbidden-capabilities";
import { leastCapabilitiesRule } from "./wg203-least-capabilities";
import { hostPathRule } from "./wg204-host-paths";
import { hostNamespacesRule } from "./wg205-host-namespaces";

export * from "./result";
export * from "./wg101-staged-rollout";
export * from "./wg102-update-cap";
export * from "./wg103-on-delete";
export * from "./wg104-readiness";
export * from "./wg105-wave-order";
export * from "./wg106-pool-coverage";
export * from "./wg107-wave-count";
export * from "./wg108-revision-history";
export * from "./wg109-image-pinned";
export * from "./wg110-wave-gate";
export * from "./wg201-privileged";
export * from "./wg202-forbidden-capabilities";
export * from "./wg203-least-capabilities";
export * from "./wg204-host-paths";
export * from "./wg205-host-namespaces";

/** Every rule, in ID order: rollout rules (WG1xx) then least-privilege rules (WG2xx). */
export const ALL_RULES: readonly Rule[] = [
  stagedRolloutRule,
  updateCapRule,
  onDeleteRule,
  readinessRule,
  waveOrderRule,
  poolCoverageRule,
  waveCountRule,
  revisionHistoryRule,
  imagePinnedRule,
  waveGateRule,
  privilegedRule,
  forbiddenCapabilitiesRule,
  leastCapabilitiesRule,
  hostPathRule,
  hostNamespacesRule,
];

/** The rule with this ID, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
