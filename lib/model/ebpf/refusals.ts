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
import { PROTECTED_HOST_PATHS, protectedHostPath } from "../host-paths";
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
 * Refuses hostPath volumes mounted writable (any mount without `readOnly: true`) that expose `/`, `/lib/modules`,
 * `/usr/src`, `/boot`, `/dev` or `/sys` (or a parent of them). `/sys/fs/bpf` is allowed: pinning maps there is how
 * eBPF state survives an agent restart. Also refuses `Bidirectional` propagation, which Kubernetes allows only in
 * privileged containers.
 */
export function checkHostPathMounts(
  volumes: readonly Volume[] | undefined,
  containers: readonly Container[],
  field = "volumes",
): void {
  (volumes ?? []).forEach((volume, i) => {
    const hostPath = volume.hostPath?.path;
    for (const c of containers) {
      for (const m of c.volumeMounts ?? []) {
        if (m.name !== volume.name) continue;
        if (m.mountPropagation === "Bidirectional") {
          throw new ValidationError(
            `containers.${c.name}.volumeMounts.${m.name}.mountPropagation`,
            "Bidirectional propagation needs a privileged container, which the preset refuses",
            'Use "HostToContainer" (the preset mounts /sys/fs/bpf that way) or "None".',
          );
        }
        if (hostPath === undefined || m.readOnly === true) continue;
        const prot = protectedHostPath(hostPath);
        if (prot !== undefined) {
          throw new ValidationError(
            `${field}[${i}].hostPath.path`,
            `${show(hostPath)} is mounted writable at ${show(m.mountPath)} in container ${show(c.name)}, exposing ${prot} (${PROTECTED_HOST_PATHS[prot]}). ${EBPF_RATIONALE}`,
            "Mount it with readOnly: true, or mount only the subdirectory the agent writes; /sys/fs/bpf may stay writable.",
          );
        }
      }
    }
  });
}

/** Runs every refusal over a pod spec: each container's security context and every hostPath mount. */
export function checkEbpfPodSpec(spec: PodSpec, options: RefusalOptions = {}): void {
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  for (const c of containers) {
    checkSecurityContext(c.securityContext, `containers.${c.name}.securityContext`, options);
  }
  checkHostPathMounts(spec.volumes, containers);
}
