/**
 * The subset of Kubernetes `apps/v1` DaemonSet types wavegate builds and reads, with Kubernetes field names.
 * Pure data: no behaviour, no cdktf. Values read from Terraform may be `${...}` expressions (see `isUnknown`).
 */

/** `metadata`. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `httpGet` of a probe. */
export interface HttpGetAction {
  path?: string;
  port: number | string;
  scheme?: "HTTP" | "HTTPS";
  host?: string;
}

/** A container probe (readiness, liveness or startup). */
export interface Probe {
  httpGet?: HttpGetAction;
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** Linux capabilities of a container. */
export interface Capabilities {
  add?: string[];
  drop?: string[];
}

/** `securityContext.seccompProfile`. */
export interface SeccompProfile {
  type: "RuntimeDefault" | "Localhost" | "Unconfined";
  localhostProfile?: string;
}

/** A container's `securityContext`. */
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  capabilities?: Capabilities;
  seccompProfile?: SeccompProfile;
  seLinuxOptions?: { level?: string; role?: string; type?: string; user?: string };
}

/** A pod's `securityContext` (subset). */
export interface PodSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
  seccompProfile?: SeccompProfile;
}

/** An environment variable. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string; apiVersion?: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string; containerName?: string; divisor?: string };
  };
}

/** A container port. */
export interface ContainerPort {
  containerPort: number;
  name?: string;
  protocol?: "TCP" | "UDP" | "SCTP";
  hostPort?: number;
  hostIP?: string;
}

/** A volume mount. */
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  mountPropagation?: "None" | "HostToContainer" | "Bidirectional";
  subPath?: string;
}

/** Compute resources. */
export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** A container. */
export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  securityContext?: SecurityContext;
  volumeMounts?: VolumeMount[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  workingDir?: string;
  terminationMessagePolicy?: string;
}

/** A volume (the sources wavegate understands; others pass through untyped). */
export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  configMap?: { name: string; defaultMode?: number; optional?: boolean };
  secret?: { secretName: string; defaultMode?: number; optional?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  projected?: Record<string, unknown>;
}

/** A toleration. */
export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

/** A node selector requirement (`matchExpressions[]`). */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** A node selector term. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** A pod's affinity (node affinity only is modelled). */
export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
  };
  podAffinity?: Record<string, unknown>;
  podAntiAffinity?: Record<string, unknown>;
}

/** A pod spec. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  affinity?: Affinity;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  priorityClassName?: string;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  dnsPolicy?: string;
  terminationGracePeriodSeconds?: number;
  securityContext?: PodSecurityContext;
  imagePullSecrets?: { name: string }[];
}

/** A pod template. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

/** A DaemonSet update strategy. */
export interface DaemonSetUpdateStrategy {
  type?: "RollingUpdate" | "OnDelete";
  rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
}

/** An `apps/v1` DaemonSet. */
export interface DaemonSet {
  apiVersion: "apps/v1";
  kind: "DaemonSet";
  metadata: ObjectMeta;
  spec: {
    selector: { matchLabels?: Record<string, string>; matchExpressions?: NodeSelectorRequirement[] };
    template: PodTemplateSpec;
    updateStrategy?: DaemonSetUpdateStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
}
