/**
 * wavegate: phased, policy-gated rollouts of node agents.
 *
 * This entry point loads cdktf and the DaemonSet binding only (never the provider's root index).
 * The CLI and the policy engine have their own entry points (`wavegate/policy`, `wavegate/model`).
 */
export * from "./model";
export * from "./constructs";
import type * as SimulateModule from "./simulate";
export * from "./policy/rollout-policy";

/**
 * The rollout simulator (also `wavegate/simulate`), loaded on first access: constructs never need it, so
 * `require("wavegate")` does not pay for it.
 */
export declare const simulate: typeof SimulateModule;
Object.defineProperty(exports, "simulate", {
  enumerable: true,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  get: (): typeof SimulateModule => require("./simulate"),
});
