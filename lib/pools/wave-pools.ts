import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { IntOrPercent, IntOrPercentInput, NodePool, show, Toleration, ValidationError } from "../model";
import {
  checkLabels,
  checkPoolSize,
  checkTaint,
  conservativeNodes,
  labelKeyProblem,
  NodeTaint,
  PoolSize,
  TaintEffect,
  tolerationFor,
  WAVE_POOL_LABEL,
} from "../model/node-pools";

/** A wave pool's taint, in Kubernetes form. */
export interface WavePoolTaint {
  /**
   * Taint key.
   * @default the pools' label key (`wavegate.dev/pool`)
   */
  readonly key?: string;
  /**
   * Taint value.
   * @default the wave's name
   */
  readonly value?: string;
  /**
   * Taint effect, in Kubernetes spelling (`NoSchedule`); wavegate writes the cloud's own spelling.
   * @default "NoSchedule"
   */
  readonly effect?: TaintEffect;
}

/** What every cloud's wave pool takes. */
export interface WavePoolOptions {
  /** The wave's name: the same name as the StagedDaemonSet / EbpfAgent wave that runs on this pool. */
  readonly name: string;
  /** How many nodes the pool holds: `min <= desired <= max`. */
  readonly size: PoolSize;
  /**
   * Extra node labels (the wave label is always set).
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taint the pool's nodes so only pods tolerating it (such as the wave's agent) land there; `true` is
   * `<labelKey>=<wave>:NoSchedule`. The wave gets the matching toleration from `waves()`.
   * @default no taint
   */
  readonly taint?: boolean | WavePoolTaint;
  /**
   * Nodes upgraded (replaced) at once when the pool's node image or version changes: checked against the cap.
   * @default 1 for the first wave, the cap (`"10%"`) for later waves
   */
  readonly upgradeBudget?: IntOrPercentInput;
}

/** Props every cloud's wave pools take. */
export interface WavePoolsProps<W extends WavePoolOptions> {
  /** One pool per wave, in rollout order (canary first). */
  readonly waves: readonly W[];
  /**
   * The node label each pool carries with its wave's name as value; the waves select it (never a cloud-generated
   * name).
   * @default "wavegate.dev/pool"
   */
  readonly labelKey?: string;
  /**
   * No pool's upgrade budget may exceed this (the same cap as the agent's waves).
   * @default "10%"
   */
  readonly maxUnavailableCap?: IntOrPercentInput;
}

/**
 * A wave of a StagedDaemonSet / EbpfAgent running on a wave pool (structurally a `StagedWaveOptions`: pools sit
 * below the constructs, so they do not import them).
 */
export interface PoolWave {
  /** The wave's name. */
  readonly name: string;
  /** The wave's pool; absent on the last wave, the catch-all. */
  readonly pool?: NodePool;
  /** The pool's size the rollout is judged with. */
  readonly nodes: number;
  /** The toleration of the pool's taint, when it has one. */
  readonly tolerations?: readonly Toleration[];
}

/** One wave's pool: what `StagedDaemonSet` needs, and the raw cloud resource. */
export interface WavePool<R> {
  /** The wave's name. */
  readonly wave: string;
  /** The wave's node pool: `<labelKey> In (<wave>)`. */
  readonly pool: NodePool;
  /** The node count the rollout is judged with: the first wave's maximum, later waves' minimum. */
  readonly nodes: number;
  /** The pool's size. */
  readonly size: Required<PoolSize>;
  /** Every node label the pool sets. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pool's taint, if any. */
  readonly taint?: NodeTaint;
  /** The toleration the wave's pods need for the taint, if any. */
  readonly toleration?: Toleration;
  /** Nodes upgraded at once. */
  readonly upgradeBudget: IntOrPercent;
  /** The cloud resource (escape hatch). */
  readonly resource: R;
}

/** A wave's options after the checks every cloud shares (used by each cloud's construct). */
export interface CheckedWave<W extends WavePoolOptions> {
  /** The wave's options as given. */
  readonly options: W;
  /** 0-based position. */
  readonly index: number;
  /** Field prefix for errors, e.g. `waves[1]`. */
  readonly field: string;
  /** The checked size. */
  readonly size: Required<PoolSize>;
  /** The conservative node count (first wave: max, later waves: min). */
  readonly nodes: number;
  /** Every node label, the wave label included. */
  readonly labels: Record<string, string>;
  /** The checked taint, if any. */
  readonly taint?: NodeTaint;
  /** The upgrade budget as given, or its default. */
  readonly upgradeBudget: IntOrPercentInput;
}

/** Checks what every cloud shares: names, sizes, labels, taints; returns each wave's facts. */
export function checkWaves<W extends WavePoolOptions>(
  props: WavePoolsProps<W>,
): {
  waves: CheckedWave<W>[];
  labelKey: string;
  cap: IntOrPercent;
} {
  const labelKey = props.labelKey ?? WAVE_POOL_LABEL;
  const keyProblem = labelKeyProblem(labelKey);
  if (keyProblem !== undefined) {
    throw new ValidationError("labelKey", keyProblem, 'Use a key such as "wavegate.dev/pool".');
  }
  const cap = IntOrPercent.parse(props.maxUnavailableCap ?? "10%", "maxUnavailableCap");
  if (!Array.isArray(props.waves) || props.waves.length === 0) {
    throw new ValidationError(
      "waves",
      "no waves given",
      "Give one pool per wave, e.g. canary, staging, production.",
    );
  }
  const seen = new Set<string>();
  const sizes = props.waves.map((w, i) => {
    const field = `waves[${i}]`;
    if (
      typeof w?.name !== "string" ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(w.name) ||
      w.name.length > 40
    ) {
      throw new ValidationError(
        `${field}.name`,
        `${show(w?.name)} is not a valid wave name`,
        "Use the wave's name: lower-case letters, digits and '-', at most 40 characters.",
      );
    }
    if (seen.has(w.name))
      throw new ValidationError(
        `${field}.name`,
        `wave ${show(w.name)} appears twice`,
        "Give every wave one pool.",
      );
    seen.add(w.name);
    return checkPoolSize(w.size, `${field}.size`);
  });
  const nodes = conservativeNodes(sizes);
  const waves = props.waves.map((w, i): CheckedWave<W> => {
    const field = `waves[${i}]`;
    const labels = { ...w.labels, [labelKey]: w.name };
    if (w.labels?.[labelKey] !== undefined && w.labels[labelKey] !== w.name) {
      throw new ValidationError(
        `${field}.labels[${show(labelKey)}]`,
        `the wave label must be the wave's name ${show(w.name)}, not ${show(w.labels[labelKey])}`,
        `Remove it: wavegate sets ${labelKey}=${w.name}.`,
      );
    }
    checkLabels(labels, `${field}.labels`);
    const taint = taintOf(w, labelKey);
    if (taint !== undefined) checkTaint(taint, `${field}.taint`);
    return {
      options: w,
      index: i,
      field,
      size: sizes[i],
      nodes: nodes[i],
      labels,
      taint,
      upgradeBudget: w.upgradeBudget ?? (i === 0 ? 1 : cap.toKubernetes()),
    };
  });
  return { waves, labelKey, cap };
}

function taintOf(w: WavePoolOptions, labelKey: string): NodeTaint | undefined {
  if (w.taint === undefined || w.taint === false) return undefined;
  const t = w.taint === true ? {} : w.taint;
  return { key: t.key ?? labelKey, value: t.value ?? w.name, effect: t.effect ?? "NoSchedule" };
}

/**
 * A taint effect in the cloud's spelling (`NO_SCHEDULE` on EKS and GKE). Accepts the Kubernetes spelling or the
 * cloud's, anything else is a ValidationError.
 */
export function cloudEffect(effect: string, field: string, cloud: "eks" | "gke"): string {
  const map: Record<string, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
  };
  if (map[effect] !== undefined) return map[effect];
  if (Object.values(map).includes(effect)) return effect;
  throw new ValidationError(
    field,
    `${show(effect)} is not a taint effect ${cloud.toUpperCase()} accepts`,
    "Use NoSchedule, PreferNoSchedule or NoExecute (written as NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE).",
  );
}

/**
 * The wave pools of one cloud: one pool per wave. `waves()` gives the `waves` of a StagedDaemonSet or EbpfAgent in
 * one line: each wave selects its pool's label, states the pool's size as `nodes` and tolerates its taint; the last
 * wave is the catch-all (every node no earlier wave selects), so every node runs exactly one copy of the agent.
 */
export abstract class WavePools<R> extends Construct {
  /** The pools, in rollout order. */
  public abstract readonly pools: readonly WavePool<R>[];

  /** The pool of the named wave. */
  public pool(wave: string): WavePool<R> {
    const found = this.pools.find((p) => p.wave === wave);
    if (found === undefined) {
      throw new ValidationError(
        "wave",
        `there is no pool for wave ${show(wave)}`,
        `Use one of ${this.pools.map((p) => show(p.wave)).join(", ")}.`,
      );
    }
    return found;
  }

  /**
   * The waves of a StagedDaemonSet / EbpfAgent running on these pools, in order: `waves: pools.waves()`.
   * @param overrides extra wave options by wave name, e.g. `{ canary: { maxUnavailable: 1 } }`
   */
  public waves<O extends object = object>(
    overrides: Readonly<Record<string, O>> = {},
  ): (PoolWave & Partial<O>)[] {
    for (const name of Object.keys(overrides)) this.pool(name);
    const last = this.pools.length - 1;
    return this.pools.map((p, i) => ({
      name: p.wave,
      ...(i < last ? { pool: p.pool } : {}),
      nodes: p.nodes,
      ...(p.toleration ? { tolerations: [p.toleration] } : {}),
      ...overrides[p.wave],
    }));
  }

  /** Adds a construct-time warning (shown by `cdktf synth`). */
  protected warn(message: string): void {
    Annotations.of(this).addWarning(message);
  }
}

/** Builds the shared part of a {@link WavePool}. */
export function wavePool<R>(
  w: CheckedWave<WavePoolOptions>,
  labelKey: string,
  upgradeBudget: IntOrPercent,
  resource: R,
): WavePool<R> {
  return {
    wave: w.options.name,
    pool: NodePool.labeled(labelKey, w.options.name),
    nodes: w.nodes,
    size: w.size,
    labels: w.labels,
    ...(w.taint ? { taint: w.taint, toleration: tolerationFor(w.taint) } : {}),
    upgradeBudget,
    resource,
  };
}
