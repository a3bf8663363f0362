/**
 * Watches one wave: its DaemonSet, the DaemonSet's ControllerRevisions and pods (by its selector, owned by its uid)
 * and the nodes of its pool, each by list + watch, and hands the verdict engine snapshots of them.
 */
import type { Watch } from "@kubernetes/client-node";
import { NodeSelector } from "../model/node-selector";
import { WaveSnapshot } from "../verify/engine";
import { ControllerRevisionObject, DaemonSetObject, NodeObject, PodObject } from "../verify/objects";
import { inPool } from "../verify/target";
import { ClusterError } from "./errors";
import { KubeHttp } from "./http";
import { Reflector, ReflectorOptions } from "./reflector";
import { labelSelectorOf, nodeLabelSelector } from "./selectors";

/** The wave to watch. */
export interface WaveRef {
  /** Namespace of the DaemonSet. */
  readonly namespace: string;
  /** Name of the DaemonSet. */
  readonly name: string;
  /** The wave's pool (undefined: every node). */
  readonly pool?: NodeSelector;
}

/** Options of {@link WaveWatch}. */
export interface WaveWatchOptions {
  /** Called (coalesced) after changes. @default nothing (see {@link WaveWatch.setHandlers}) */
  readonly onChange?: () => void;
  /** Called once when the cluster can no longer be read. @default nothing */
  readonly onError?: (error: ClusterError) => void;
  /** Reconnect attempts per watch. @default 5 */
  readonly maxFailures?: number;
  /** Called when a watch (re)connects. */
  readonly onWatch?: ReflectorOptions["onWatch"];
}

/** The API paths of a DaemonSet. */
export function daemonSetPath(namespace: string, name?: string): string {
  const base = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

/** A live view of one wave. */
export class WaveWatch {
  private daemonSets?: Reflector<DaemonSetObject>;
  private revisions?: Reflector<ControllerRevisionObject>;
  private pods?: Reflector<PodObject>;
  private nodes?: Reflector<NodeObject>;
  private pending = false;
  private stopped = false;
  private lostWith?: ClusterError;
  private onChange: () => void;
  private onError: (error: ClusterError) => void;

  constructor(
    private readonly http: KubeHttp,
    private readonly watch: Watch,
    private readonly wave: WaveRef,
    private readonly options: WaveWatchOptions = {},
  ) {
    this.onChange = options.onChange ?? (() => undefined);
    this.onError = options.onError ?? (() => undefined);
  }

  /** Replaces the handlers (a lost connection already seen is reported to the new one at once). */
  setHandlers(onChange: () => void, onError: (error: ClusterError) => void): void {
    this.onChange = onChange;
    this.onError = onError;
    if (this.lostWith !== undefined) onError(this.lostWith);
  }

  /**
   * Reads the DaemonSet (throws ClusterError `not-found` when it does not exist), then lists and watches everything.
   * Resolves when every list has been read.
   */
  async start(): Promise<void> {
    const ds = (await this.http.get(daemonSetPath(this.wave.namespace, this.wave.name))) as DaemonSetObject;
    const selector = labelSelectorOf(ds.spec?.selector ?? {});
    const ns = encodeURIComponent(this.wave.namespace);
    const common = {
      onChange: () => this.changed(),
      onError: (e: ClusterError) => this.failed(e),
      maxFailures: this.options.maxFailures,
      onWatch: this.options.onWatch,
    };
    this.daemonSets = new Reflector(this.http, this.watch, {
      ...common,
      path: daemonSetPath(this.wave.namespace),
      query: { fieldSelector: `metadata.name=${this.wave.name}` },
    });
    this.revisions = new Reflector(this.http, this.watch, {
      ...common,
      path: `/apis/apps/v1/namespaces/${ns}/controllerrevisions`,
      query: { labelSelector: selector || undefined },
    });
    this.pods = new Reflector(this.http, this.watch, {
      ...common,
      path: `/api/v1/namespaces/${ns}/pods`,
      query: { labelSelector: selector || undefined },
    });
    this.nodes = new Reflector(this.http, this.watch, {
      ...common,
      path: "/api/v1/nodes",
      query: { labelSelector: nodeLabelSelector(this.wave.pool) },
    });
    await Promise.all([
      this.daemonSets.start(),
      this.revisions.start(),
      this.pods.start(),
      this.nodes.start(),
    ]);
  }

  /** The wave now. */
  snapshot(): WaveSnapshot {
    const ds = this.daemonSets?.items.values().next().value as DaemonSetObject | undefined;
    const uid = ds?.metadata?.uid;
    const owned = <T extends { metadata?: { ownerReferences?: readonly { uid?: string }[] } }>(o: T) =>
      uid === undefined || (o.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
    const nodes: NodeObject[] = [];
    for (const n of this.nodes?.items.values() ?? []) if (inPool(this.wave, n)) nodes.push(n);
    const pods: PodObject[] = [];
    for (const p of this.pods?.items.values() ?? []) if (owned(p)) pods.push(p);
    const revisions: ControllerRevisionObject[] = [];
    for (const r of this.revisions?.items.values() ?? []) if (owned(r)) revisions.push(r);
    return { daemonSet: ds, revisions, pods, nodes };
  }

  /** Watches re-established after drops, over every collection. */
  reconnects(): number {
    return [this.daemonSets, this.revisions, this.pods, this.nodes].reduce(
      (n, r) => n + (r?.reconnects ?? 0),
      0,
    );
  }

  /** Stops every watch. */
  stop(): void {
    this.stopped = true;
    for (const r of [this.daemonSets, this.revisions, this.pods, this.nodes]) r?.stop();
  }

  private changed(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    // Coalesce bursts (a rollout step changes many pods at once) into one evaluation.
    setTimeout(() => {
      this.pending = false;
      if (!this.stopped) this.onChange();
    }, 20);
  }

  private failed(error: ClusterError): void {
    if (this.stopped) return;
    this.lostWith = error;
    this.stop();
    this.onError(error);
  }
}
