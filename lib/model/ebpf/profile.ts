import { EBPF_CAPABILITIES, normalizeCapability, REASON_REQUIRED_CAPABILITIES } from "../capabilities";
import { show, ValidationError } from "../errors";
import { SecurityContext, Volume, VolumeMount } from "../k8s";
import {
  DEFAULT_MIN_KERNEL,
  formatKernel,
  KERNEL_MILESTONES,
  kernelBelow,
  KernelVersion,
  parseKernelVersion,
} from "./kernel";

/**
 * What kind of eBPF programs the agent loads. Each kind maps to the capabilities the kernel checks in `bpf()`
 * (`kernel/bpf/syscall.c`: `is_perfmon_prog_type`, `is_net_admin_prog_type`).
 * - `tracing`: kprobes, tracepoints, fentry/fexit, perf events -> `BPF` + `PERFMON`
 * - `networking`: tc, XDP, cgroup-skb, socket programs -> `BPF` + `NET_ADMIN`
 * - `lsm`: BPF-LSM hooks -> `BPF` + `PERFMON`, `/sys/kernel/security` read-only, and the `bpf` LSM active
 */
export type EbpfProgramKind = "tracing" | "networking" | "lsm";

/** Every {@link EbpfProgramKind}, in a stable order. */
export const EBPF_PROGRAM_KINDS: readonly EbpfProgramKind[] = ["tracing", "networking", "lsm"];

/** A stated reason for a privilege that is off by default. Stored as an annotation so reviewers see it. */
export interface Justification {
  /** Why the agent needs it, in a sentence (at least 10 characters), e.g. "Cilium-style tc programs on kernel 5.4". */
  readonly reason: string;
}

/** What the agent does, as typed choices; {@link ebpfPrivilegeProfile} turns them into privileges. */
export interface EbpfChoices {
  /** The kinds of eBPF programs the agent loads (at least one). */
  readonly programs: readonly EbpfProgramKind[];
  /**
   * The agent reads other processes' `/proc` entries (process trees, exe paths, namespaces): adds `SYS_PTRACE` and
   * `DAC_READ_SEARCH`, and mounts the host's `/proc` read-only at `/host/proc`.
   * @default false
   */
  readonly processVisibility?: boolean;
  /**
   * The oldest kernel (`major.minor`) any target node runs. Below 5.11 adds `SYS_RESOURCE` (maps are charged to
   * `RLIMIT_MEMLOCK`); below 5.8 there is no `CAP_BPF`, so `allowSysAdmin` is required.
   * @default "5.8"
   */
  readonly minKernel?: string;
  /**
   * Adds `SYS_ADMIN`, with the reason. Required below kernel 5.8; otherwise only for agents that truly need it.
   * @default SYS_ADMIN is never added
   */
  readonly allowSysAdmin?: Justification;
}

/** One capability the profile adds, and why. */
export interface CapabilityGrant {
  /** Capability name without `CAP_`, e.g. `BPF`. */
  readonly name: string;
  /** Why it is added. */
  readonly why: string;
}

/** The privileges an eBPF agent gets for its choices: what the container's security context and mounts must be. */
export interface EbpfPrivilegeProfile {
  /** The parsed `minKernel`. */
  readonly kernel: KernelVersion;
  /** The distinct program kinds, in {@link EBPF_PROGRAM_KINDS} order. */
  readonly programs: readonly EbpfProgramKind[];
  /** Capabilities added, each with its reason, in a fixed order (SYS_ADMIN, BPF, PERFMON, NET_ADMIN, ...). */
  readonly capabilities: readonly CapabilityGrant[];
  /** The container's security context: not privileged, drop ALL, the capabilities above, read-only root, uid 0. */
  readonly securityContext: SecurityContext;
  /** Host volumes the programs need (bpffs, BTF, tracefs; /proc and securityfs when chosen). */
  readonly volumes: readonly Volume[];
  /** Where those volumes are mounted in the agent container. */
  readonly volumeMounts: readonly VolumeMount[];
  /** Node conditions the scheduler cannot see but the programs need, in words (e.g. the `bpf` LSM being active). */
  readonly nodeRequirements: readonly string[];
}

/** Order capabilities are listed in, so synthesized output is stable. */
const ORDER = ["SYS_ADMIN", "BPF", "PERFMON", "NET_ADMIN", "SYS_RESOURCE", "SYS_PTRACE", "DAC_READ_SEARCH"];

/** Sorts capability names: the eBPF ones in {@link ORDER}, then any others alphabetically. */
export function sortCapabilities(names: Iterable<string>): string[] {
  const rank = (c: string) => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  return [...new Set([...names].map(normalizeCapability))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
}

/** The least reason length accepted (the same floor as policy suppressions). */
export const MIN_REASON_LENGTH = 10;

/** Checks a {@link Justification}; returns its trimmed reason. */
export function checkReason(j: Justification | undefined, field: string): string | undefined {
  if (j === undefined) return undefined;
  const reason = typeof j?.reason === "string" ? j.reason.trim() : "";
  if (reason.length < MIN_REASON_LENGTH) {
    throw new ValidationError(
      `${field}.reason`,
      `${show(j?.reason)} is not a reason`,
      `Say in a sentence (at least ${MIN_REASON_LENGTH} characters) why the agent needs it; it is stored as an annotation for reviewers.`,
    );
  }
  return reason;
}

/** Host mounts every eBPF agent gets. */
const BASE_MOUNTS: readonly [Volume, VolumeMount][] = [
  [
    { name: "bpffs", hostPath: { path: "/sys/fs/bpf", type: "DirectoryOrCreate" } },
    { name: "bpffs", mountPath: "/sys/fs/bpf", mountPropagation: "HostToContainer" },
  ],
  [
    { name: "btf", hostPath: { path: "/sys/kernel/btf", type: "Directory" } },
    { name: "btf", mountPath: "/sys/kernel/btf", readOnly: true },
  ],
  [
    { name: "tracefs", hostPath: { path: "/sys/kernel/tracing", type: "Directory" } },
    { name: "tracefs", mountPath: "/sys/kernel/tracing", readOnly: true },
  ],
];

const PROC_MOUNT: [Volume, VolumeMount] = [
  { name: "host-proc", hostPath: { path: "/proc", type: "Directory" } },
  { name: "host-proc", mountPath: "/host/proc", readOnly: true },
];

const SECURITYFS_MOUNT: [Volume, VolumeMount] = [
  { name: "securityfs", hostPath: { path: "/sys/kernel/security", type: "Directory" } },
  { name: "securityfs", mountPath: "/sys/kernel/security", readOnly: true },
];

/**
 * Turns typed choices into the least privileges that let the programs load:
 * - every kind: `BPF` (kernel >= 5.8); `tracing` and `lsm`: `PERFMON`; `networking`: `NET_ADMIN`;
 * - `processVisibility`: `SYS_PTRACE`, `DAC_READ_SEARCH`, host `/proc` read-only at `/host/proc`;
 * - kernel < 5.11: `SYS_RESOURCE`; kernel < 5.8: `SYS_ADMIN` instead of `BPF`/`PERFMON` (needs `allowSysAdmin`);
 * - `allowPrivilegeEscalation` is true only with `SYS_ADMIN` (Kubernetes rejects false together with it).
 * Throws a ValidationError naming the field for bad or contradictory choices.
 */
export function ebpfPrivilegeProfile(choices: EbpfChoices): EbpfPrivilegeProfile {
  const programs = checkPrograms(choices.programs);
  const kernel = parseKernelVersion(choices.minKernel ?? DEFAULT_MIN_KERNEL, "minKernel");
  const sysAdminReason = checkReason(choices.allowSysAdmin, "allowSysAdmin");
  const noBpfCaps = kernelBelow(kernel, KERNEL_MILESTONES.bpfCapabilities);
  if (noBpfCaps && sysAdminReason === undefined) {
    throw new ValidationError(
      "minKernel",
      `kernel ${formatKernel(kernel)} predates CAP_BPF and CAP_PERFMON (5.8), so loading eBPF programs needs SYS_ADMIN, which grants most of root`,
      'Raise minKernel to "5.8" or later if every node runs such a kernel, or set allowSysAdmin: { reason: "..." } to accept SYS_ADMIN knowingly.',
    );
  }
  if (programs.includes("lsm") && kernelBelow(kernel, KERNEL_MILESTONES.bpfLsm)) {
    throw new ValidationError(
      "programs",
      `"lsm" programs need the BPF LSM, added in kernel 5.7, but minKernel is ${formatKernel(kernel)}`,
      'Raise minKernel to "5.7" or later, or load "tracing" programs instead.',
    );
  }

  const grants = new Map<string, string>();
  const grant = (name: string, why: string) => grants.set(name, why);
  if (sysAdminReason !== undefined) {
    grant("SYS_ADMIN", `${REASON_REQUIRED_CAPABILITIES.SYS_ADMIN} (stated reason: ${sysAdminReason})`);
  }
  if (!noBpfCaps) {
    grant("BPF", EBPF_CAPABILITIES.BPF);
    if (programs.includes("tracing") || programs.includes("lsm")) grant("PERFMON", EBPF_CAPABILITIES.PERFMON);
  }
  if (programs.includes("networking")) grant("NET_ADMIN", EBPF_CAPABILITIES.NET_ADMIN);
  if (kernelBelow(kernel, KERNEL_MILESTONES.memcgAccounting)) {
    grant("SYS_RESOURCE", EBPF_CAPABILITIES.SYS_RESOURCE);
  }
  if (choices.processVisibility === true) {
    grant("SYS_PTRACE", EBPF_CAPABILITIES.SYS_PTRACE);
    grant("DAC_READ_SEARCH", EBPF_CAPABILITIES.DAC_READ_SEARCH);
  }
  const capabilities = sortCapabilities(grants.keys()).map((name) => ({ name, why: grants.get(name) ?? "" }));

  const mounts = [...BASE_MOUNTS];
  if (choices.processVisibility === true) mounts.push(PROC_MOUNT);
  if (programs.includes("lsm")) mounts.push(SECURITYFS_MOUNT);

  return {
    kernel,
    programs,
    capabilities,
    securityContext: {
      privileged: false,
      allowPrivilegeEscalation: grants.has("SYS_ADMIN"),
      readOnlyRootFilesystem: true,
      runAsUser: 0,
      capabilities: { add: capabilities.map((c) => c.name), drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumes: mounts.map(([v]) => v),
    volumeMounts: mounts.map(([, m]) => m),
    nodeRequirements: programs.includes("lsm")
      ? ["the bpf LSM is active: /sys/kernel/security/lsm lists `bpf` (boot parameter lsm=...,bpf)"]
      : [],
  };
}

function checkPrograms(programs: readonly EbpfProgramKind[] | undefined): EbpfProgramKind[] {
  if (!Array.isArray(programs) || programs.length === 0) {
    throw new ValidationError(
      "programs",
      "no program kind given",
      `Say what the agent loads: one or more of ${EBPF_PROGRAM_KINDS.map((k) => show(k)).join(", ")}.`,
    );
  }
  programs.forEach((p, i) => {
    if (!EBPF_PROGRAM_KINDS.includes(p)) {
      throw new ValidationError(
        `programs[${i}]`,
        `${show(p)} is not a program kind`,
        `Use ${EBPF_PROGRAM_KINDS.map((k) => show(k)).join(", ")}; extra capabilities go in securityContext.capabilities.add.`,
      );
    }
  });
  return EBPF_PROGRAM_KINDS.filter((k) => programs.includes(k));
}
