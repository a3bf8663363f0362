/**
 * The double's object store: four kinds (nodes, pods, daemonsets, controllerrevisions), one resourceVersion
 * counter for all (as etcd's revision), and an event log so a watch can resume from any resourceVersion still in it
 * (older ones answer 410 Gone). Part of the test double, not shipped.
 */
export type Kind = "nodes" | "pods" | "daemonsets" | "controllerrevisions";
export type Obj = {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};
export interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly kind: Kind;
  readonly rv: number;
  readonly object: Obj;
}

let uidCounter = 0;

/** Objects by kind and namespace/name, with a shared resourceVersion. */
export class Store {
  rv = 100;
  /** The oldest resourceVersion a watch may resume from. */
  compactedRv = 100;
  readonly objects: Record<Kind, Map<string, Obj>> = {
    nodes: new Map(),
    pods: new Map(),
    daemonsets: new Map(),
    controllerrevisions: new Map(),
  };
  readonly log: WatchEvent[] = [];
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  /** Keep at most this many events (older watches get 410). */
  maxLog = 100_000;

  /** Creates or replaces an object; returns the stored copy. */
  put(kind: Kind, object: Obj): Obj {
    const key = keyOf(object);
    const existing = this.objects[kind].get(key);
    const stored: Obj = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= existing?.metadata.uid ?? `uid-${++uidCounter}`;
    stored.metadata.creationTimestamp ??=
      existing?.metadata.creationTimestamp ?? new Date(Date.now() + uidCounter).toISOString();
    this.objects[kind].set(key, stored);
    this.emit({ type: existing === undefined ? "ADDED" : "MODIFIED", kind, rv: this.rv, object: stored });
    return stored;
  }

  /** Deletes an object. */
  delete(kind: Kind, namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ""}/${name}`;
    const existing = this.objects[kind].get(key);
    if (existing === undefined) return;
    this.objects[kind].delete(key);
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit({ type: "DELETED", kind, rv: this.rv, object: gone });
  }

  get(kind: Kind, namespace: string | undefined, name: string): Obj | undefined {
    return this.objects[kind].get(`${namespace ?? ""}/${name}`);
  }

  list(kind: Kind): Obj[] {
    return [...this.objects[kind].values()];
  }

  subscribe(fn: (e: WatchEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: WatchEvent): void {
    this.log.push(e);
    if (this.log.length > this.maxLog)
      this.compactedRv = this.log.splice(0, this.log.length - this.maxLog).at(-1)?.rv ?? this.compactedRv;
    for (const l of this.listeners) l(e);
  }

  /** Forgets every event up to now: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.log.length = 0;
    this.compactedRv = this.rv;
  }
}

export function keyOf(o: Obj): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}
