/**
 * The hard refusals of the eBPF agent preset. Each throws a ValidationError that says why.
 *
 * The reason behind all of them: code in a kernel module runs unchecked inside the kernel, and its crash is a kernel
 * panic (on 2024-07-19 one such crash boot-looped millions of hosts). An eBPF program is checked by the verifier
 * before it loads: a bad one is rejected, and a loaded one unloads without a reboot. An agent that can load modules,
 * or write where modules and kernels live, gives that safety away.
 */
import { FORBIDDEN_CAPABILITIES, normalizeCapability } from "../capabilities";
import { show, ValidationError } from "../errors";
import { hostPathExposure } from "../host-paths";
import { Container, PodSpec, SecurityContext, Volume } from "../k8s";

/** Why the preset exists, appended to every refusal. */
export const EBPF_RATIONALE =
  "A kernel module's crash is a kernel panic; an eBPF program is rejected by the verifier instead, and unloads without a reboot";

/** Options of {@link checkEbpfPodSpec}. */
export interface RefusalOptions {
  /**
   * SYS_ADMIN was allowed with a stated reason (`allowSysAdmin`).
   * @default false
   */
  readonly sysAdminAllowed?: boolean;
}

/**
 * Refuses `SYS_MODULE`, `ALL` and (without `allowSysAdmin`) `SYS_ADMIN` in a capability `add` list.
 * Names are normalised first: `CAP_SYS_MODULE`, `cap_sys_module` and `SYS_MODULE` are the same.
 */
export function checkAddedCapabilities(
  add: readonly string[] | undefined,
  field: string,
  options: RefusalOptions = {},
): void {
  (add ?? []).forEach((raw, i) => {
    const cap = normalizeCapability(raw);
    const where = `${field}[${i}]`;
    if (cap === "SYS_MODULE") {
      throw new ValidationError(
        where,
        `${show(raw)} is refused: SYS_MODULE ${FORBIDDEN_CAPABILITIES.SYS_MODULE}. ${EBPF_RATIONALE}`,
        'Remove it and load the agent\'s code as eBPF programs (programs: ["tracing"], ["networking"] or ["lsm"]).',
      );
    }
    if (cap === "ALL") {
      throw new ValidationError(
        where,
        `${show(raw)} is refused: ALL ${FORBIDDEN_CAPABILITIES.ALL}. ${EBPF_RATIONALE}`,
        "Remove it: the preset adds exactly the capabilities your `programs`, `processVisibility` and `minKernel` need.",
      );
    }
    if (cap === "SYS_ADMIN" && options.sysAdminAllowed !== true) {
      throw new ValidationError(
        where,
        `${show(raw)} needs a stated reason: SYS_ADMIN grants most of root, and kernels >= 5.8 load eBPF with BPF + PERFMON instead`,
        'Remove it, or set allowSysAdmin: { reason: "..." } to add it knowingly.',
      );
    }
  });
}

/** Refuses `privileged: true`, capability sets that do not drop ALL, and the capabilities of {@link checkAddedCapabilities}. */
export function checkSecurityContext(
  sc: SecurityContext | undefined,
  field: string,
  options: RefusalOptions = {},
): void {
  if (sc === undefined) return;
  if (sc.privileged === true) {
    throw new ValidationError(
      `${field}.privileged`,
      `true is refused: a privileged container holds every capability (SYS_MODULE included) and every host device. ${EBPF_RATIONALE}`,
      "Remove it: the preset adds exactly the capabilities your `programs`, `processVisibility` and `minKernel` need.",
    );
  }
  checkAddedCapabilities(sc.capabilities?.add, `${field}.capabilities.add`, options);
  const drop = sc.capabilities?.drop;
  if (drop !== undefined && !drop.map(normalizeCapability).includes("ALL")) {
    throw new ValidationError(
      `${field}.capabilities.drop`,
      `${show(drop)} keeps the runtime's default capabilities`,
      'Drop "ALL"; every capability the agent needs is added back by name.',
    );
  }
}

/**
 * Refuses hostPath mounts that the host-path table (`lib/model/host-paths.ts`, the table WG204 uses) protects: a
 * writable mount of `/`, `/boot`, `/lib/modules`, `/usr/lib/modules`, `/usr/src`, `/dev`, `/sys`, `/proc`, `/etc`,
 * `/var/lib/kubelet` (or a parent of them), and any mount of a container-runtime socket (`/run`, `/var/run`,
 * containerd / CRI-O / Docker `*.sock`), read-only or not. `/sys/fs/bpf` is allowed writable (pinning maps there is
 * how eBPF state survives an agent restart), and so are the memory filesystems `/dev/shm` and `/dev/hugepages`.
 * Also refuses `Bidirectional` propagation, which Kubernetes allows only in privileged containers.
 */
export function checkHostPathMounts(
  volumes: readonly Volume[] | undefined,
  containers: readonly Container[],
  field = "volumes",
): void {
  (volumes ?? []).forEach((volume, i) => {
    const hostPath = volume.hostPath?.path;
    containers.forEach((c, ci) => {
      for (const m of c.volumeMounts ?? []) {
        if (m.name !== volume.name) continue;
        const container = hasName(c) ? show(c.name) : `#${ci + 1}`;
        if (m.mountPropagation === "Bidirectional") {
          throw new ValidationError(
            `${containerField(c, ci)}.volumeMounts.${m.name}.mountPropagation`,
            "Bidirectional propagation needs a privileged container, which the preset refuses",
            'Use "HostToContainer" (the preset mounts /sys/fs/bpf that way) or "None".',
          );
        }
        if (hostPath === undefined) continue;
        const readOnly = m.readOnly === true;
        const exposed = hostPathExposure(hostPath, readOnly);
        if (exposed === undefined) continue;
        const how = readOnly ? "mounted read-only (a socket still accepts connections)" : "mounted writable";
        throw new ValidationError(
          `${field}[${i}].hostPath.path`,
          `${show(hostPath)} is ${how} at ${show(m.mountPath)} in container ${container}, exposing ${exposed.protects} (${exposed.reason}). ${EBPF_RATIONALE}`,
          exposed.readOnlyToo
            ? "Remove the mount: an agent talks to the kubelet or the API server, never to the container runtime."
            : "Mount it with readOnly: true, or mount only the subdirectory the agent writes; /sys/fs/bpf, /dev/shm and /dev/hugepages may stay writable.",
        );
      }
    });
  });
}

/** Runs every refusal over a pod spec: each container's security context and every hostPath mount. */
export function checkEbpfPodSpec(spec: PodSpec, options: RefusalOptions = {}): void {
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  containers.forEach((c, i) => {
    checkSecurityContext(c.securityContext, `${containerField(c, i)}.securityContext`, options);
  });
  checkHostPathMounts(spec.volumes, containers);
}

const hasName = (c: Container): boolean => typeof c.name === "string" && c.name !== "";

/** `containers.agent`, or `containers[1]` for a container without a name (never `containers.undefined`). */
function containerField(c: Container, index: number): string {
  return hasName(c) ? `containers.${c.name}` : `containers[${index}]`;
}
