/**
 * wavegate: phased, policy-gated rollouts of node agents.
 *
 * This entry point loads cdktf and the DaemonSet binding only (never the provider's root index).
 * The CLI and the policy engine have their own entry points (`wavegate/policy`, `wavegate/model`).
 */
export * from "./model";
export * from "./constructs";
export * as simulate from "./simulate";
export * from "./policy/rollout-policy";
