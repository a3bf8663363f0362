/** Builders of API objects for the verdict-engine tables. */
import { ControllerRevisionObject, DaemonSetObject, NodeObject, PodObject } from "../../lib/verify/objects";
import { WaveSnapshot } from "../../lib/verify/engine";
import { DEFAULT_VERIFY_SETTINGS, VerifySettings } from "../../lib/verify/config";

export const OLD_TEMPLATE = {
  metadata: { labels: { app: "a" } },
  spec: { containers: [{ name: "a", image: "a:v1" }] },
};
export const NEW_TEMPLATE = {
  metadata: { labels: { app: "a" } },
  spec: { containers: [{ name: "a", image: "a:v2" }] },
};

export function revision(
  name: string,
  hash: string,
  rev: number,
  template: object,
  created: string,
): ControllerRevisionObject {
  return {
    metadata: {
      name,
      labels: { "controller-revision-hash": hash },
      creationTimestamp: created,
      ownerReferences: [{ uid: "ds-uid" }],
    },
    revision: rev,
    data: { spec: { template: { $patch: "replace", ...template } } },
  };
}

export const REVISIONS = [
  revision("a-old", "old", 1, OLD_TEMPLATE, "2026-01-01T00:00:00Z"),
  revision("a-new", "new", 2, NEW_TEMPLATE, "2026-02-01T00:00:00Z"),
];

export function daemonSet(
  status: NonNullable<DaemonSetObject["status"]>,
  generation = 2,
  template: object = NEW_TEMPLATE,
): DaemonSetObject {
  return {
    metadata: { name: "a", namespace: "ns", uid: "ds-uid", generation },
    spec: { selector: { matchLabels: { app: "a" } }, template, updateStrategy: { type: "RollingUpdate" } },
    status,
  };
}

export function done(n = 3): DaemonSetObject {
  return daemonSet({
    observedGeneration: 2,
    desiredNumberScheduled: n,
    updatedNumberScheduled: n,
    numberAvailable: n,
    numberUnavailable: 0,
    numberReady: n,
  });
}

export function node(name: string, ready: "True" | "False" | "Unknown" = "True"): NodeObject {
  return {
    metadata: { name, labels: { pool: "dev" } },
    status: { conditions: [{ type: "Ready", status: ready }] },
  };
}

export function pod(
  nodeName: string,
  hash = "new",
  opts: { restarts?: number; waiting?: string; ready?: boolean } = {},
): PodObject {
  return {
    metadata: {
      name: `a-${nodeName}`,
      labels: { app: "a", "controller-revision-hash": hash },
      ownerReferences: [{ uid: "ds-uid" }],
    },
    spec: { nodeName },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "a",
          restartCount: opts.restarts ?? 0,
          ready: opts.ready ?? opts.waiting === undefined,
          state: opts.waiting !== undefined ? { waiting: { reason: opts.waiting } } : { running: {} },
        },
      ],
    },
  };
}

export const NODES = [node("n0"), node("n1"), node("n2")];

export function snapshot(over: Partial<WaveSnapshot> = {}): WaveSnapshot {
  return {
    daemonSet: done(),
    revisions: REVISIONS,
    pods: NODES.map((n) => pod(n.metadata!.name!)),
    nodes: NODES,
    ...over,
  };
}

export function settings(over: Partial<VerifySettings> = {}): VerifySettings {
  return {
    ...DEFAULT_VERIFY_SETTINGS,
    bakeSeconds: 600,
    noRestartSeconds: 300,
    progressDeadlineSeconds: 600,
    ...over,
  };
}

/** A fake clock. */
export function fakeClock(start = Date.parse("2026-12-01T10:00:00Z")) {
  let now = start;
  return { now: () => now, advance: (s: number) => (now += s * 1000) };
}
