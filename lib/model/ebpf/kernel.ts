import { show, ValidationError } from "../errors";
import { NodeSelectorRequirement, NodeSelectorTerm } from "../k8s";

/** A Linux kernel version, major and minor (the patch level never changes which capabilities exist). */
export interface KernelVersion {
  /** e.g. 5 for "5.15.0-1051-aws". */
  readonly major: number;
  /** e.g. 15 for "5.15.0-1051-aws". */
  readonly minor: number;
}

/** The kernel `minKernel` defaults to: the first with `CAP_BPF` and `CAP_PERFMON`. */
export const DEFAULT_MIN_KERNEL = "5.8";

/** Kernel versions that change which capabilities an eBPF agent needs. */
export const KERNEL_MILESTONES = {
  /** `CAP_BPF` and `CAP_PERFMON` exist (split out of `CAP_SYS_ADMIN`). */
  bpfCapabilities: { major: 5, minor: 8 },
  /** eBPF maps are charged to the memory cgroup instead of `RLIMIT_MEMLOCK`, so `SYS_RESOURCE` is no longer needed. */
  memcgAccounting: { major: 5, minor: 11 },
  /** The BPF LSM (`BPF_PROG_TYPE_LSM`) exists. */
  bpfLsm: { major: 5, minor: 7 },
} as const;

/** Node Feature Discovery's kernel labels (`nfd-worker`, kernel source). */
export const NFD_KERNEL_LABELS = {
  /** Kernel major version, e.g. `"5"`. */
  major: "feature.node.kubernetes.io/kernel-version.major",
  /** Kernel minor version, e.g. `"15"`. */
  minor: "feature.node.kubernetes.io/kernel-version.minor",
  /**
   * `"true"` when the kernel was built with BTF type information. NFD only publishes it when
   * `DEBUG_INFO_BTF` is listed in the worker's `sources.kernel.configOpts`.
   */
  btf: "feature.node.kubernetes.io/kernel-config.DEBUG_INFO_BTF",
} as const;

/**
 * Parses `"5.8"`, `"5.15.0"` or `"6.1.55-75.123.amzn2023"` into major and minor.
 * @param field the field name used in the error message
 */
export function parseKernelVersion(value: string, field = "minKernel"): KernelVersion {
  const m = typeof value === "string" ? /^\s*(\d+)\.(\d+)(?:[.\-+~][\w.\-+~]*)?\s*$/.exec(value) : null;
  if (m === null) {
    throw new ValidationError(
      field,
      `${show(value)} is not a kernel version`,
      'Write major.minor of the oldest kernel your nodes run, e.g. "5.8" or "5.15".',
    );
  }
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** True when `a` is older than `b`. */
export function kernelBelow(a: KernelVersion, b: KernelVersion): boolean {
  return a.major < b.major || (a.major === b.major && a.minor < b.minor);
}

/** `"5.8"`. */
export function formatKernel(v: KernelVersion): string {
  return `${v.major}.${v.minor}`;
}

/**
 * Node selector terms (OR) matching nodes whose NFD kernel-version labels say `>= min`:
 * `major > M`, or `major == M and minor > m - 1`. Node affinity compares `Gt` values as integers.
 */
export function kernelAtLeastTerms(min: KernelVersion): NodeSelectorTerm[] {
  const newerMajor: NodeSelectorRequirement = {
    key: NFD_KERNEL_LABELS.major,
    operator: "Gt",
    values: [String(min.major)],
  };
  const sameMajor: NodeSelectorRequirement = {
    key: NFD_KERNEL_LABELS.major,
    operator: "In",
    values: [String(min.major)],
  };
  if (min.minor === 0) {
    return [
      {
        matchExpressions: [{ key: NFD_KERNEL_LABELS.major, operator: "Gt", values: [String(min.major - 1)] }],
      },
    ];
  }
  return [
    { matchExpressions: [newerMajor] },
    {
      matchExpressions: [
        sameMajor,
        { key: NFD_KERNEL_LABELS.minor, operator: "Gt", values: [String(min.minor - 1)] },
      ],
    },
  ];
}
