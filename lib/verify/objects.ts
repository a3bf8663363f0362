/**
 * The parts of Kubernetes API objects the verdict engine reads (apps/v1 DaemonSet and ControllerRevision, v1 Node
 * and Pod), as plain JSON shapes: the cluster adapter hands over what the API server sent, unchanged.
 * Every field is optional, because a missing field must never read as healthy.
 */

/** `metadata` of any object. */
export interface ObjectMetaLike {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly {
    readonly uid?: string;
    readonly kind?: string;
    readonly name?: string;
  }[];
}

/** A container of a pod template. */
export interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
}

/** A pod template (`spec.template` of a DaemonSet). */
export interface PodTemplateLike {
  readonly metadata?: ObjectMetaLike;
  readonly spec?: {
    readonly containers?: readonly ContainerLike[];
    readonly initContainers?: readonly ContainerLike[];
    readonly [key: string]: unknown;
  };
}

/** An apps/v1 DaemonSet as the API server returns it. */
export interface DaemonSetObject {
  readonly metadata?: ObjectMetaLike;
  readonly spec?: {
    readonly selector?: {
      readonly matchLabels?: Readonly<Record<string, string>>;
      readonly matchExpressions?: readonly { key: string; operator: string; values?: string[] }[];
    };
    readonly template?: PodTemplateLike;
    readonly updateStrategy?: { readonly type?: string };
  };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly desiredNumberScheduled?: number;
    readonly currentNumberScheduled?: number;
    readonly updatedNumberScheduled?: number;
    readonly numberAvailable?: number;
    readonly numberUnavailable?: number;
    readonly numberReady?: number;
    readonly numberMisscheduled?: number;
  };
}

/** An apps/v1 ControllerRevision: `data` holds the strategic-merge patch that restores the template. */
export interface ControllerRevisionObject {
  readonly metadata?: ObjectMetaLike;
  readonly revision?: number;
  readonly data?: unknown;
}

/** A v1 Node condition. */
export interface NodeCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly lastTransitionTime?: string;
}

/** A v1 Node. */
export interface NodeObject {
  readonly metadata?: ObjectMetaLike;
  readonly status?: { readonly conditions?: readonly NodeCondition[] };
}

/** A v1 container status. */
export interface ContainerStatusLike {
  readonly name?: string;
  readonly restartCount?: number;
  readonly ready?: boolean;
  readonly state?: {
    readonly waiting?: { readonly reason?: string; readonly message?: string };
    readonly running?: { readonly startedAt?: string };
    readonly terminated?: { readonly reason?: string; readonly exitCode?: number };
  };
}

/** A v1 Pod. */
export interface PodObject {
  readonly metadata?: ObjectMetaLike;
  readonly spec?: { readonly nodeName?: string };
  readonly status?: {
    readonly phase?: string;
    readonly containerStatuses?: readonly ContainerStatusLike[];
    readonly initContainerStatuses?: readonly ContainerStatusLike[];
  };
}

/** The label every DaemonSet pod and ControllerRevision carries: the revision's template hash. */
export const REVISION_HASH_LABEL = "controller-revision-hash";

/** Node condition status of `Ready`: `"True"`, `"False"`, `"Unknown"`, or undefined when the node reports none. */
export function nodeReadyStatus(node: NodeObject): string | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready")?.status;
}
