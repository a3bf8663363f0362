/**
 * A small simulated cluster behind the API test double: nodes, and a DaemonSet controller + kubelet that roll pods
 * to the newest ControllerRevision within maxUnavailable, one `tick()` at a time (pkg/controller/daemon semantics,
 * reduced: maxSurge 0; a pod is available when Ready; a pod on a NotReady node never becomes Ready). Faults per
 * image: `crashloop` (restarts every tick, CrashLoopBackOff), `stuck` (never Ready). Not shipped.
 */
import { createHash } from "node:crypto";
import { matchesSelector, NodeSelector } from "../../../lib/model/node-selector";
import { goMapJson } from "./patch";
import { FakeApiServer } from "./server";
import { Obj } from "./store";

/** A pod template as the tests edit it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Template = Record<string, any>;

export type PodFault = "crashloop" | "stuck";

interface PodMeta {
  readyAtTick: number;
}

/** The template hash the controller names revisions by. */
export function templateHash(template: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(goMapJson(template)))
    .digest("hex")
    .slice(0, 10);
}

export class FakeCluster {
  readonly server = new FakeApiServer();
  /** Faults by image. */
  readonly faults = new Map<string, PodFault>();
  /** Ticks from pod creation to Ready. */
  startTicks = 1;
  /** When false, the controller replaces no pod (a rollout that never progresses). */
  progressing = true;
  private tickCount = 0;
  private readonly podMeta = new Map<string, PodMeta>();
  private timer?: NodeJS.Timeout;

  constructor() {
    this.server.hooks.onDaemonSetSpecChanged = (ds) => this.syncRevision(ds);
  }

  get store() {
    return this.server.store;
  }

  async start(): Promise<string> {
    return this.server.start();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server.stop();
  }

  /** Runs `tick()` every `ms` milliseconds. */
  auto(ms: number): void {
    this.timer = setInterval(() => this.tick(), ms);
  }

  addNodes(prefix: string, count: number, labels: Record<string, string>): string[] {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${prefix}-${i}`;
      names.push(name);
      this.store.put("nodes", {
        metadata: {
          name,
          labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", ...labels },
        },
        status: {
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "KubeletReady",
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      });
    }
    return names;
  }

  setNodeReady(name: string, status: "True" | "False" | "Unknown"): void {
    const node = structuredClone(this.store.get("nodes", undefined, name)!);
    (node.status as { conditions: unknown[] }).conditions = [
      {
        type: "Ready",
        status,
        reason: status === "True" ? "KubeletReady" : "NodeStatusUnknown",
        lastTransitionTime: new Date().toISOString(),
      },
    ];
    this.store.put("nodes", node);
  }

  /** Creates a DaemonSet already rolled out on `template` (pods Ready), like one applied long ago. */
  createDaemonSet(manifest: Obj): Obj {
    const ds = structuredClone(manifest);
    ds.metadata.generation = 1;
    ds.status = {};
    const stored = this.store.put("daemonsets", ds);
    this.syncRevision(stored);
    const hash = templateHash((stored.spec as { template: unknown }).template);
    for (const node of this.nodesFor(stored)) this.createPod(stored, node, hash, true);
    this.updateStatus(this.store.get("daemonsets", stored.metadata.namespace, stored.metadata.name)!);
    return this.store.get("daemonsets", stored.metadata.namespace, stored.metadata.name)!;
  }

  /** Changes a DaemonSet's template as `terraform apply` would (PUT of a new spec): generation + 1, new revision. */
  applyTemplate(namespace: string, name: string, change: (template: Template) => void): void {
    const ds = structuredClone(this.store.get("daemonsets", namespace, name)!);
    change((ds.spec as { template: Template }).template);
    ds.metadata.generation = (ds.metadata.generation as number) + 1;
    this.syncRevision(this.store.put("daemonsets", ds));
  }

  /** Sets the image of the first container. */
  setImage(namespace: string, name: string, image: string): void {
    this.applyTemplate(namespace, name, (t) => {
      t.spec.containers[0].image = image;
    });
  }

  revisions(name: string): Obj[] {
    return this.store.list("controllerrevisions").filter((r) => r.metadata.name.startsWith(`${name}-`));
  }

  /** The controller's `constructHistory`: reuse the revision whose template matches (renumbered to max+1), else create one. */
  private syncRevision(ds: Obj): void {
    const template = (ds.spec as { template: unknown }).template;
    const hash = templateHash(template);
    const owned = this.store
      .list("controllerrevisions")
      .filter((r) => (r.metadata.ownerReferences as { uid: string }[])?.[0]?.uid === ds.metadata.uid);
    const max = Math.max(0, ...owned.map((r) => r.revision as number));
    const existing = owned.find(
      (r) => (r.metadata.labels as Record<string, string>)["controller-revision-hash"] === hash,
    );
    if (existing !== undefined) {
      if ((existing.revision as number) < max)
        this.store.put("controllerrevisions", { ...structuredClone(existing), revision: max + 1 });
      return;
    }
    const labels = {
      ...((template as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {}),
      "controller-revision-hash": hash,
    };
    this.store.put("controllerrevisions", {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels,
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            name: ds.metadata.name,
            uid: ds.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      data: goMapJson({ spec: { template: { ...(template as object), $patch: "replace" } } }),
      revision: max + 1,
    });
  }

  /** One step of the controller and the kubelets. */
  tick(): void {
    this.tickCount++;
    for (const ds of this.store.list("daemonsets")) this.step(ds);
  }

  private step(ds: Obj): void {
    const template = (ds.spec as { template: { spec: { containers: { image: string }[] } } }).template;
    const hash = templateHash(template);
    const image = template.spec.containers[0].image;
    const pods = this.podsOf(ds);
    // kubelet: pods become Ready, crash, or stay stuck.
    for (const pod of pods) this.kubelet(pod);
    const nodes = this.nodesFor(ds);
    const fresh = this.podsOf(ds);
    const unavailable = nodes.filter((n) => !fresh.some((p) => podNode(p) === n && isReady(p))).length;
    const budget = Math.max(0, this.maxUnavailable(ds, nodes.length) - unavailable);
    if (this.progressing) {
      const old = fresh.filter((p) => label(p, "controller-revision-hash") !== hash);
      // Replace unavailable old pods first, then as many available ones as the budget allows.
      const order = [...old.filter((p) => !isReady(p)), ...old.filter((p) => isReady(p))];
      let left = budget;
      for (const pod of order) {
        if (isReady(pod) && left <= 0) break;
        if (isReady(pod)) left--;
        this.store.delete("pods", pod.metadata.namespace, pod.metadata.name);
        this.createPod(ds, podNode(pod), hash, false, this.faults.get(image));
      }
      for (const node of nodes)
        if (!fresh.some((p) => podNode(p) === node))
          this.createPod(ds, node, hash, false, this.faults.get(image));
    }
    this.updateStatus(this.store.get("daemonsets", ds.metadata.namespace, ds.metadata.name)!);
  }

  private kubelet(pod: Obj): void {
    const meta = this.podMeta.get(pod.metadata.name);
    if (meta === undefined || isReady(pod)) return;
    if (!this.nodeReady(podNode(pod))) return;
    const fault = (pod.metadata.annotations as Record<string, string> | undefined)?.["test/fault"];
    const copy = structuredClone(pod);
    const status = copy.status as {
      containerStatuses: { restartCount: number; ready: boolean; state: unknown }[];
      conditions: unknown[];
    };
    if (fault === "crashloop") {
      status.containerStatuses[0].restartCount++;
      status.containerStatuses[0].state = {
        waiting: { reason: "CrashLoopBackOff", message: "back-off restarting failed container" },
      };
    } else if (fault === "stuck" || this.tickCount < meta.readyAtTick) {
      return;
    } else {
      status.containerStatuses[0].ready = true;
      status.containerStatuses[0].state = { running: { startedAt: new Date().toISOString() } };
      status.conditions = [{ type: "Ready", status: "True" }];
    }
    this.store.put("pods", copy);
  }

  private createPod(ds: Obj, node: string, hash: string, ready: boolean, fault?: PodFault): void {
    const template = (
      ds.spec as {
        template: {
          metadata?: { labels?: Record<string, string> };
          spec: { containers: { name: string; image: string }[] };
        };
      }
    ).template;
    const name = `${ds.metadata.name}-${hash.slice(0, 5)}-${node}`;
    this.podMeta.set(name, { readyAtTick: this.tickCount + this.startTicks });
    this.store.put("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: ds.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), "controller-revision-hash": hash },
        ...(fault !== undefined ? { annotations: { "test/fault": fault } } : {}),
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            name: ds.metadata.name,
            uid: ds.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { nodeName: node, containers: template.spec.containers },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
        containerStatuses: template.spec.containers.map((c) => ({
          name: c.name,
          image: c.image,
          ready,
          restartCount: 0,
          state: ready ? { running: {} } : { waiting: { reason: "ContainerCreating" } },
        })),
      },
    });
  }

  private updateStatus(ds: Obj): void {
    const hash = templateHash((ds.spec as { template: unknown }).template);
    const nodes = this.nodesFor(ds);
    const pods = this.podsOf(ds).filter((p) => nodes.includes(podNode(p)));
    const available = pods.filter(isReady).length;
    const status = {
      observedGeneration: ds.metadata.generation,
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: pods.length,
      updatedNumberScheduled: pods.filter((p) => label(p, "controller-revision-hash") === hash).length,
      numberReady: available,
      numberAvailable: available,
      numberUnavailable: nodes.length - available,
      numberMisscheduled: 0,
    };
    if (JSON.stringify(status) !== JSON.stringify(ds.status))
      this.store.put("daemonsets", { ...structuredClone(ds), status });
  }

  private podsOf(ds: Obj): Obj[] {
    return this.store
      .list("pods")
      .filter((p) => (p.metadata.ownerReferences as { uid: string }[])?.[0]?.uid === ds.metadata.uid);
  }

  /** Nodes the DaemonSet should run on: its template's required node affinity and nodeSelector. */
  nodesFor(ds: Obj): string[] {
    const spec = (ds.spec as { template: Template }).template.spec;
    const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms as
      | {
          matchExpressions?: {
            key: string;
            operator: NodeSelector[number][number]["operator"];
            values?: string[];
          }[];
        }[]
      | undefined;
    const selector: NodeSelector | undefined = terms?.map((t) =>
      (t.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
    );
    const nodeSelector = (spec.nodeSelector ?? {}) as Record<string, string>;
    return this.store
      .list("nodes")
      .filter((n) => {
        const labels = n.metadata.labels as Record<string, string>;
        return (
          matchesSelector(selector, labels) && Object.entries(nodeSelector).every(([k, v]) => labels[k] === v)
        );
      })
      .map((n) => n.metadata.name);
  }

  private nodeReady(name: string): boolean {
    const node = this.store.get("nodes", undefined, name);
    return ((node?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
      (c) => c.type === "Ready" && c.status === "True",
    );
  }

  private maxUnavailable(ds: Obj, desired: number): number {
    const v =
      (ds.spec as { updateStrategy?: { rollingUpdate?: { maxUnavailable?: number | string } } })
        .updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
    if (typeof v === "string" && v.endsWith("%"))
      return Math.max(1, Math.ceil((Number(v.slice(0, -1)) * desired) / 100));
    return Number(v);
  }
}

function label(o: Obj, key: string): string | undefined {
  return (o.metadata.labels as Record<string, string> | undefined)?.[key];
}

function podNode(p: Obj): string {
  return (p.spec as { nodeName: string }).nodeName;
}

function isReady(p: Obj): boolean {
  return ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True",
  );
}
