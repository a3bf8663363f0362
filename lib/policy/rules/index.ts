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
import { oneWavePerChangeRule } from "./wg301-one-wave-per-change";
import { verifiedUpstreamRule } from "./wg302-verified-upstream";
import { notBlockedRule } from "./wg303-not-blocked";
import { contentPerWaveRule } from "./wg304-content-per-wave";

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
export * from "./wg301-one-wave-per-change";
export * from "./wg302-verified-upstream";
export * from "./wg303-not-blocked";
export * from "./wg304-content-per-wave";

/** Every rule, in ID order: rollout rules (WG1xx), least-privilege rules (WG2xx), release rules (WG3xx). */
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
  oneWavePerChangeRule,
  verifiedUpstreamRule,
  notBlockedRule,
  contentPerWaveRule,
];

/** The rule with this ID, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
