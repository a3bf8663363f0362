import { MAX_ZONES } from "./contract";
import { show, ValidationError } from "./errors";
import { IntOrPercent, IntOrPercentInput, validateSurgeAndUnavailable } from "./int-or-percent";
import { NodePool } from "./node-pool";
import { complementSelector, describeNode, NodeRequirement, NodeSelector, NodeTerm } from "./node-selector";
import { checkPoolCoverage } from "./pool-coverage";

/** Name of the cluster waves belong to when none is given. */
export const DEFAULT_CLUSTER = "default";

/** One wave as a user describes it. */
export interface WaveInput {
  /** Unique wave name, e.g. `canary`. Becomes the `wavegate.dev/wave` label and the DaemonSet name suffix. */
  readonly name: string;
  /**
   * The nodes this wave runs on. Omit it on the last wave of a cluster to make that wave the catch-all
   * (every node of the cluster no earlier wave selects); a cluster with one wave then runs it on every node.
   * @default catch-all
   */
  readonly pool?: NodePool;
  /**
   * The cluster this wave runs in; waves in different clusters never overlap.
   * @default "default"
   */
  readonly cluster?: string;
  /** The version (image tag, `tag@sha256:...` or `sha256:...` digest) this wave runs. */
  readonly version: string;
  /**
   * Nodes (or percent of the wave's nodes) that may be unavailable at once during the wave's rolling update.
   * @default 1 for the first wave, "10%" for later waves (and 0 when maxSurge is set)
   */
  readonly maxUnavailable?: IntOrPercentInput;
  /**
   * Nodes (or percent) that may run an extra, new pod at once. Most eBPF agents must keep this 0.
   * @default 0
   */
  readonly maxSurge?: IntOrPercentInput;
  /**
   * Seconds a new pod must stay Ready before it counts as available.
   * @default the rollout's minReadySeconds
   */
  readonly minReadySeconds?: number;
  /** How many nodes the wave's pool is expected to hold, when known. Lets caps and wave sizes be checked. */
  readonly nodes?: number;
  /**
   * Zones the wave's pool spans (a regional pool has at least one node per zone): WG107 lets a first wave hold one
   * node per zone even when that is over its percent. Written as `wavegate.dev/zones`.
   * @default not stated
   */
  readonly zones?: number;
}

/** Rules every wave is checked against. */
export interface WavePlanOptions {
  /**
   * No wave's maxUnavailable or maxSurge may exceed this.
   * @default "10%"
   */
  readonly maxUnavailableCap?: IntOrPercentInput;
  /**
   * The fewest waves a rollout may have (the constructs pass 3, WG107's default).
   * @default 2
   */
  readonly minWaves?: number;
  /**
   * Seconds a new pod must stay Ready before it counts as available, for waves that do not say.
   * @default 30
   */
  readonly minReadySeconds?: number;
}

/** A validated wave with its effective node selector. */
export interface Wave {
  /** Wave name. */
  readonly name: string;
  /** 0-based position. */
  readonly index: number;
  /** The cluster the wave runs in. */
  readonly cluster: string;
  /** The version the wave runs. */
  readonly version: string;
  /** The effective node selector; undefined means every node of the cluster. */
  readonly selector?: NodeSelector;
  /** True when the wave is its cluster's catch-all (its selector was derived from earlier waves). */
  readonly catchAll: boolean;
  /** maxUnavailable of the wave's rolling update. */
  readonly maxUnavailable: IntOrPercent;
  /** maxSurge of the wave's rolling update. */
  readonly maxSurge: IntOrPercent;
  /** minReadySeconds of the wave's DaemonSet. */
  readonly minReadySeconds: number;
  /** Expected node count, when known. */
  readonly nodes?: number;
  /** Zones the wave's pool spans, when stated. */
  readonly zones?: number;
}

/** Smallest minReadySeconds accepted (policy rule WG104 uses the same default). */
export const MIN_READY_SECONDS_FLOOR = 10;

/**
 * Validates a list of waves and derives each wave's node selector.
 *
 * Checks, in order: names (present, unique, DNS-1123), versions, rolling-update values and the cap, then per
 * cluster that pools are disjoint and, with the catch-all, exhaustive. Every error names the field and the fix.
 */
export function planWaves(inputs: readonly WaveInput[], options: WavePlanOptions = {}): Wave[] {
  const minWaves = options.minWaves ?? 2;
  if (!Array.isArray(inputs) || inputs.length < minWaves) {
    throw new ValidationError(
      "waves",
      `${inputs?.length ?? 0} wave(s) given; a staged rollout needs at least ${minWaves}`,
      'Add waves, e.g. canary (a small dev pool), staging (~10%) and "production" (the catch-all).',
    );
  }
  const cap = IntOrPercent.parse(options.maxUnavailableCap ?? "10%", "maxUnavailableCap");
  const defaultReady = options.minReadySeconds ?? 30;
  checkReadySeconds(defaultReady, "minReadySeconds");

  const seen = new Set<string>();
  inputs.forEach((w, i) => {
    const field = `waves[${i}].name`;
    if (typeof w?.name !== "string" || w.name.trim() === "") {
      throw new ValidationError(field, "the wave has no name", 'Give every wave a name such as "canary".');
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(w.name) || w.name.length > 40) {
      throw new ValidationError(
        field,
        `${show(w.name)} is not a valid wave name`,
        "Use lower-case letters, digits and '-', at most 40 characters (it becomes part of the DaemonSet name).",
      );
    }
    if (seen.has(w.name)) {
      throw new ValidationError(
        field,
        `wave ${show(w.name)} appears twice`,
        "Give every wave a unique name.",
      );
    }
    seen.add(w.name);
    if (typeof w.version !== "string" || w.version.trim() === "") {
      throw new ValidationError(
        `versions.${w.name}`,
        `no version given for wave ${show(w.name)}`,
        `Pin a version for every wave, e.g. versions: { ${w.name}: "v1.2.3" }.`,
      );
    }
  });

  const waves = inputs.map((w, i) => toWave(w, i, cap, defaultReady));
  return deriveSelectors(waves, inputs);
}

function checkReadySeconds(value: number, field: string): void {
  if (!Number.isInteger(value) || value < MIN_READY_SECONDS_FLOOR) {
    throw new ValidationError(
      field,
      `${show(value)} is below ${MIN_READY_SECONDS_FLOOR} seconds`,
      `Use a whole number of at least ${MIN_READY_SECONDS_FLOOR}: a pod must stay Ready that long before the next node is updated.`,
    );
  }
}

function toWave(
  w: WaveInput,
  index: number,
  cap: IntOrPercent,
  defaultReady: number,
): Omit<Wave, "selector" | "catchAll"> {
  const prefix = `waves[${index}]`;
  const maxSurge = IntOrPercent.parse(w.maxSurge ?? 0, `${prefix}.maxSurge`);
  const defaultUnavailable = maxSurge.isZero ? (index === 0 ? 1 : "10%") : 0;
  const maxUnavailable = IntOrPercent.parse(
    w.maxUnavailable ?? defaultUnavailable,
    `${prefix}.maxUnavailable`,
  );
  validateSurgeAndUnavailable(maxUnavailable, maxSurge, prefix);
  if (w.nodes !== undefined && (!Number.isInteger(w.nodes) || w.nodes < 0)) {
    throw new ValidationError(
      `${prefix}.nodes`,
      `${show(w.nodes)} is not a node count`,
      "Use a whole number >= 0.",
    );
  }
  for (const [field, value] of [
    ["maxUnavailable", maxUnavailable],
    ["maxSurge", maxSurge],
  ] as const) {
    const within = value.isWithin(cap, w.nodes);
    if (within === undefined) {
      throw new ValidationError(
        `${prefix}.${field}`,
        `${value} cannot be compared with the cap of ${cap} without the pool's size`,
        `State the wave's expected node count (nodes: ...), or write ${field} in the cap's unit (${cap.isPercent ? 'a percent, e.g. "10%"' : "a number"}).`,
      );
    }
    if (within === false) {
      const known =
        !value.isPercent && w.nodes !== undefined
          ? ` (${w.nodes} nodes: cap allows ${cap.resolve(w.nodes)})`
          : "";
      throw new ValidationError(
        `${prefix}.${field}`,
        `${value} exceeds the cap of ${cap}${known}`,
        `Lower it to at most ${cap}, or raise maxUnavailableCap if you really mean to.`,
      );
    }
  }
  const minReadySeconds = w.minReadySeconds ?? defaultReady;
  checkReadySeconds(minReadySeconds, `${prefix}.minReadySeconds`);
  return {
    name: w.name,
    index,
    cluster: w.cluster ?? DEFAULT_CLUSTER,
    version: w.version,
    maxUnavailable,
    maxSurge,
    minReadySeconds,
    nodes: w.nodes,
    zones: zonesOf(w.zones, prefix),
  };
}

function zonesOf(zones: number | undefined, prefix: string): number | undefined {
  if (zones !== undefined && (!Number.isInteger(zones) || zones < 1 || zones > MAX_ZONES)) {
    throw new ValidationError(
      `${prefix}.zones`,
      `${show(zones)} is not a zone count`,
      `Use a whole number from 1 to ${MAX_ZONES} (the zones the wave's regional pool spans).`,
    );
  }
  return zones;
}

function deriveSelectors(waves: Omit<Wave, "selector" | "catchAll">[], inputs: readonly WaveInput[]): Wave[] {
  const result: Wave[] = [];
  const byCluster = new Map<string, number[]>();
  waves.forEach((w, i) => byCluster.set(w.cluster, [...(byCluster.get(w.cluster) ?? []), i]));
  const selectors = new Map<number, { selector?: NodeSelector; catchAll: boolean }>();

  for (const [cluster, indexes] of byCluster) {
    const where = cluster === DEFAULT_CLUSTER ? "" : ` in cluster ${show(cluster)}`;
    indexes.forEach((i, k) => {
      if (inputs[i].pool === undefined && k < indexes.length - 1) {
        throw new ValidationError(
          `waves[${i}].pool`,
          `wave ${show(waves[i].name)} has no pool but is not the last wave${where}`,
          'Give it a pool (e.g. NodePool.eksNodegroup("dev")); only the last wave of a cluster may be the catch-all.',
        );
      }
    });
    const explicit = indexes.filter((i) => inputs[i].pool !== undefined);
    const coverage = checkPoolCoverage(explicit.map((i) => inputs[i].pool?.selector));
    if (!coverage.complete) {
      throw new ValidationError(
        "waves",
        `the pools${where} have too many label combinations to prove them disjoint and exhaustive`,
        "Use one pool label per wave (NodePool.eksNodegroup(...)) and leave the last wave the catch-all.",
      );
    }
    if (coverage.overlaps.length > 0) {
      const o = coverage.overlaps[0];
      const [a, b] = [explicit[o.a], explicit[o.b]];
      throw new ValidationError(
        `waves[${b}].pool`,
        `pools of waves ${show(waves[a].name)} and ${show(waves[b].name)} overlap${where}: ${describeNode(o.witness)} would run two copies of the agent`,
        "Make every wave's pool select different nodes.",
      );
    }
    const last = indexes[indexes.length - 1];
    if (inputs[last].pool === undefined) {
      explicit.forEach((i) => selectors.set(i, { selector: inputs[i].pool?.selector, catchAll: false }));
      const earlier = explicit.flatMap((i) => inputs[i].pool?.selector ?? []);
      selectors.set(last, {
        selector: earlier.length === 0 ? undefined : simplify(complementSelector(earlier)),
        catchAll: true,
      });
    } else {
      if (coverage.gap !== undefined) {
        throw new ValidationError(
          `waves[${last}].pool`,
          `the waves' pools${where} leave nodes without the agent: ${describeNode(coverage.gap)} matches no wave`,
          "Omit `pool` on the last wave so it becomes the catch-all, or widen the pools.",
        );
      }
      explicit.forEach((i) => selectors.set(i, { selector: inputs[i].pool?.selector, catchAll: false }));
    }
  }
  waves.forEach((w, i) => {
    const s = selectors.get(i) ?? { catchAll: false };
    result.push({ ...w, selector: s.selector, catchAll: s.catchAll });
  });
  return result;
}

/** Merges `NotIn` requirements on the same key inside each term (`a NotIn (x)` and `a NotIn (y)` -> `a NotIn (x, y)`). */
function simplify(selector: NodeSelector): NodeSelector {
  return selector.map((term): NodeTerm => {
    const out: NodeRequirement[] = [];
    for (const req of term) {
      const same = out.findIndex(
        (r) => r.key === req.key && r.operator === "NotIn" && req.operator === "NotIn",
      );
      if (same >= 0) {
        out[same] = { ...out[same], values: [...new Set([...out[same].values, ...req.values])].sort() };
      } else {
        out.push(req);
      }
    }
    return out;
  });
}
