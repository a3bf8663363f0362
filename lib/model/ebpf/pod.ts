import { show, ValidationError } from "../errors";
import { Container, EnvVar, PodSpec, SecurityContext, Volume, VolumeMount } from "../k8s";
import { formatKernel } from "./kernel";
import {
  agentResources,
  AgentResources,
  HealthEndpoint,
  healthProbes,
  KernelGating,
  kernelGateTerms,
  SeccompChoice,
  seccompProfile,
} from "./parts";
import {
  checkReason,
  EbpfChoices,
  ebpfPrivilegeProfile,
  EbpfPrivilegeProfile,
  Justification,
  sortCapabilities,
} from "./profile";
import { checkEbpfPodSpec, checkHostPathMounts, checkSecurityContext } from "./refusals";

/** Annotations the eBPF agent preset writes on every wave DaemonSet (reasons) and pod template (AppArmor). */
export const EBPF_ANNOTATIONS = {
  /** The program kinds the agent loads, comma separated. */
  programs: "wavegate.dev/ebpf-programs",
  /** The oldest kernel the privileges were derived for. */
  minKernel: "wavegate.dev/min-kernel",
  /** Why the pod uses the host's network namespace. */
  hostNetworkReason: "wavegate.dev/allow-host-network",
  /** Why the pod uses the host's PID namespace. */
  hostPIDReason: "wavegate.dev/allow-host-pid",
  /** Why the agent container has SYS_ADMIN. */
  sysAdminReason: "wavegate.dev/allow-sys-admin",
  /** Why the agent container runs AppArmor-unconfined. */
  appArmorReason: "wavegate.dev/allow-apparmor-unconfined",
  /** Prefix of the per-container AppArmor annotation on the pod template. */
  appArmorPrefix: "container.apparmor.security.beta.kubernetes.io/",
} as const;

/** Everything about the agent's pod, except image and waves. */
export interface EbpfPodOptions extends EbpfChoices {
  /**
   * Name of the agent container.
   * @default the agent name
   */
  readonly containerName?: string;
  /** The local health endpoint: startup, liveness and readiness probes all call it. */
  readonly health: HealthEndpoint;
  /**
   * Requests and limits.
   * @default requests cpu "100m", memory "256Mi"; limit memory "512Mi"
   */
  readonly resources?: AgentResources;
  /**
   * Extra environment variables of the agent container.
   * @default none
   */
  readonly env?: readonly EnvVar[];
  /**
   * Arguments of the agent container.
   * @default none (the image's)
   */
  readonly args?: readonly string[];
  /**
   * Extra volumes. hostPath volumes the host-path table protects are refused (`lib/model/host-paths.ts`, the table
   * WG204 uses): writable `/`, `/boot`, `/lib/modules`, `/usr/lib/modules`, `/usr/src`, `/dev`, `/sys`, `/proc`,
   * `/etc`, `/var/lib/kubelet`, and container-runtime sockets even read-only; `/sys/fs/bpf`, `/dev/shm` and
   * `/dev/hugepages` may be writable.
   * @default none
   */
  readonly volumes?: readonly Volume[];
  /**
   * Extra mounts in the agent container.
   * @default none
   */
  readonly volumeMounts?: readonly VolumeMount[];
  /**
   * Run in the host's network namespace, with the reason (stored as `wavegate.dev/allow-host-network`).
   * @default false
   */
  readonly hostNetwork?: Justification;
  /**
   * Run in the host's PID namespace, with the reason (stored as `wavegate.dev/allow-host-pid`). Reading host
   * processes usually needs only `processVisibility` (host /proc at /host/proc), not hostPID.
   * @default false
   */
  readonly hostPID?: Justification;
  /**
   * The seccomp profile of the agent container.
   * @default "RuntimeDefault"
   */
  readonly seccompProfile?: SeccompChoice;
  /**
   * Run the agent container AppArmor-unconfined, with the reason: only for hosts whose runtime AppArmor profile
   * blocks what the agent must do (e.g. mounting bpffs itself). Sets
   * `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` on the pod template.
   * @default the runtime's default AppArmor profile (no annotation)
   */
  readonly appArmorUnconfined?: Justification;
  /**
   * Schedule the agent only on nodes whose labels say its programs can load.
   * @default no gating
   */
  readonly kernelGating?: KernelGating;
  /**
   * Extra container security context settings, merged over the derived ones. `capabilities.add` is added to the
   * derived set (SYS_MODULE, ALL and, without allowSysAdmin, SYS_ADMIN are refused); `privileged: true` is refused.
   * @default none
   */
  readonly securityContext?: Omit<SecurityContext, "seccompProfile">;
  /**
   * Priority class of the pods.
   * @default "system-node-critical"
   */
  readonly priorityClassName?: string;
  /**
   * Seconds the agent gets to detach its programs on shutdown.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Service account of the pods.
   * @default the namespace's default
   */
  readonly serviceAccountName?: string;
}

/** The agent's pod, ready to hand to StagedDaemonSet. */
export interface EbpfPod {
  /** The privileges derived from the choices. */
  readonly profile: EbpfPrivilegeProfile;
  /** Name of the agent container. */
  readonly containerName: string;
  /** The pod spec (Kubernetes field names); the agent container has no image yet. */
  readonly spec: PodSpec;
  /** Pod template annotations (AppArmor). */
  readonly podAnnotations: Record<string, string>;
  /** DaemonSet annotations: program kinds, minimum kernel and the reasons for every opted-in privilege. */
  readonly annotations: Record<string, string>;
}

/** An in-memory /tmp: the root filesystem is read-only, and most agents write a little scratch data. */
const TMP: [Volume, VolumeMount] = [
  { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
  { name: "tmp", mountPath: "/tmp" },
];

/**
 * Builds the least-privilege pod of an eBPF agent from typed choices, then runs every hard refusal over it
 * (so extra volumes and security context settings are checked like the derived ones).
 */
export function planEbpfPod(options: EbpfPodOptions, agentName: string): EbpfPod {
  const profile = ebpfPrivilegeProfile(options);
  const containerName = options.containerName ?? agentName;
  const hostNetwork = checkReason(options.hostNetwork, "hostNetwork");
  const hostPID = checkReason(options.hostPID, "hostPID");
  const appArmor = checkReason(options.appArmorUnconfined, "appArmorUnconfined");
  const sysAdmin = checkReason(options.allowSysAdmin, "allowSysAdmin");
  const grace = options.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || grace < 1) {
    throw new ValidationError(
      "terminationGracePeriodSeconds",
      `${show(grace)} leaves the agent no time to detach its programs`,
      "Use a whole number of seconds, at least 1 (default 30).",
    );
  }

  const securityContext = mergeSecurityContext(profile, options);
  const volumes = [...profile.volumes, TMP[0], ...(options.volumes ?? [])];
  const volumeMounts = [...profile.volumeMounts, TMP[1], ...(options.volumeMounts ?? [])];
  checkNames(volumes, volumeMounts, volumes.length - (options.volumes?.length ?? 0));

  const container: Container = {
    name: containerName,
    imagePullPolicy: "IfNotPresent",
    args: options.args === undefined ? undefined : [...options.args],
    env: options.env === undefined ? undefined : options.env.map((e) => ({ ...e })),
    ports: [{ name: "health", containerPort: options.health?.port, protocol: "TCP" }],
    resources: agentResources(options.resources),
    securityContext,
    volumeMounts,
    ...healthProbes(options.health),
  };
  const gate = kernelGateTerms(options.kernelGating, profile.kernel);
  const spec: PodSpec = {
    containers: [container],
    volumes,
    nodeSelector: { "kubernetes.io/os": "linux" },
    tolerations: [{ operator: "Exists" }],
    priorityClassName: options.priorityClassName ?? "system-node-critical",
    terminationGracePeriodSeconds: grace,
    hostNetwork: hostNetwork !== undefined,
    hostPID: hostPID !== undefined,
    hostIPC: false,
    dnsPolicy: hostNetwork !== undefined ? "ClusterFirstWithHostNet" : undefined,
    serviceAccountName: options.serviceAccountName,
    affinity:
      gate === undefined
        ? undefined
        : { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: gate } } },
  };
  // The user's volumes first, so a refusal names their own index; then the whole pod, derived parts included.
  checkHostPathMounts(options.volumes, [container], "volumes");
  checkEbpfPodSpec(spec, { sysAdminAllowed: sysAdmin !== undefined });

  const annotations: Record<string, string> = {
    [EBPF_ANNOTATIONS.programs]: profile.programs.join(","),
    [EBPF_ANNOTATIONS.minKernel]: formatKernel(profile.kernel),
  };
  if (hostNetwork !== undefined) annotations[EBPF_ANNOTATIONS.hostNetworkReason] = hostNetwork;
  if (hostPID !== undefined) annotations[EBPF_ANNOTATIONS.hostPIDReason] = hostPID;
  if (sysAdmin !== undefined) annotations[EBPF_ANNOTATIONS.sysAdminReason] = sysAdmin;
  if (appArmor !== undefined) annotations[EBPF_ANNOTATIONS.appArmorReason] = appArmor;
  const podAnnotations: Record<string, string> =
    appArmor === undefined ? {} : { [`${EBPF_ANNOTATIONS.appArmorPrefix}${containerName}`]: "unconfined" };
  return { profile, containerName, spec, podAnnotations, annotations };
}

/** The derived security context with the user's extra settings merged in. */
function mergeSecurityContext(profile: EbpfPrivilegeProfile, options: EbpfPodOptions): SecurityContext {
  const extra: SecurityContext = options.securityContext ?? {};
  // The user's own settings are refused under their own field names.
  checkSecurityContext(extra, "securityContext", { sysAdminAllowed: options.allowSysAdmin !== undefined });
  if (extra.seccompProfile !== undefined) {
    throw new ValidationError(
      "securityContext.seccompProfile",
      "the seccomp profile is set here",
      'Use the `seccompProfile` prop instead ("RuntimeDefault" or { localhostProfile: "..." }).',
    );
  }
  const derived = profile.securityContext;
  const add = sortCapabilities([...(derived.capabilities?.add ?? []), ...(extra.capabilities?.add ?? [])]);
  const drop = extra.capabilities?.drop ?? derived.capabilities?.drop ?? ["ALL"];
  const merged: SecurityContext = {
    ...derived,
    ...extra,
    capabilities: { add, drop: [...drop] },
    seccompProfile: seccompProfile(options.seccompProfile),
  };
  if (add.includes("SYS_ADMIN") && options.allowSysAdmin !== undefined) {
    if (extra.allowPrivilegeEscalation === false) {
      throw new ValidationError(
        "securityContext.allowPrivilegeEscalation",
        "false together with SYS_ADMIN is rejected by the Kubernetes API",
        "Remove allowPrivilegeEscalation: SYS_ADMIN implies it.",
      );
    }
    return { ...merged, allowPrivilegeEscalation: true };
  }
  return merged;
}

/**
 * Volume and mount names must be unique, mount paths too, and every mount must name a volume. The first `preset`
 * volumes and mounts are the preset's own; errors name the user's index (`volumes[0]` is the user's first).
 */
function checkNames(volumes: readonly Volume[], mounts: readonly VolumeMount[], preset: number): void {
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    if (seen.has(v.name)) {
      throw new ValidationError(
        `volumes[${i - preset}].name`,
        `volume ${show(v.name)} is defined twice (the preset defines bpffs, btf, tracefs, host-proc, securityfs and tmp)`,
        "Rename your volume.",
      );
    }
    seen.add(v.name);
  });
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    if (!seen.has(m.name)) {
      throw new ValidationError(
        `volumeMounts[${i - preset}].name`,
        `no volume is named ${show(m.name)}`,
        "Add the volume to `volumes` or fix the name.",
      );
    }
    if (paths.has(m.mountPath)) {
      throw new ValidationError(
        `volumeMounts[${i - preset}].mountPath`,
        `${show(m.mountPath)} is mounted twice`,
        "Mount it once; the preset already mounts /sys/fs/bpf, /sys/kernel/btf, /sys/kernel/tracing and /tmp.",
      );
    }
    paths.add(m.mountPath);
  });
}
