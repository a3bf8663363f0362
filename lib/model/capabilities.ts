/**
 * Linux capabilities as eBPF agents use them (capabilities(7); Falco, Cilium, Tetragon, KubeArmor charts).
 * Shared by the EbpfAgent preset and the policy rules, so both judge capabilities the same way.
 */

/** `CAP_BPF`, `cap_bpf` and `BPF` are the same capability: returns `BPF`. */
export function normalizeCapability(name: string): string {
  const upper = String(name).trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

/** Capabilities an eBPF agent may add, with when it needs each. */
export const EBPF_CAPABILITIES: Readonly<Record<string, string>> = {
  BPF: "load eBPF programs and create maps (kernel >= 5.8)",
  PERFMON: "attach tracing programs: kprobes, tracepoints, perf events (kernel >= 5.8)",
  NET_ADMIN: "attach networking programs: tc, XDP, cgroup-skb",
  SYS_RESOURCE: "raise the locked-memory limit for maps (kernels < 5.11 only)",
  SYS_PTRACE: "read other processes' /proc entries (process visibility)",
  DAC_READ_SEARCH: "read other processes' /proc files regardless of permissions (process visibility)",
};

/** Capabilities never allowed, with the reason. */
export const FORBIDDEN_CAPABILITIES: Readonly<Record<string, string>> = {
  SYS_MODULE: "loads kernel modules, the exact thing eBPF replaces: a module's crash is a kernel panic",
  ALL: "adds every capability, including SYS_MODULE and SYS_ADMIN",
};

/** Capabilities allowed only with a stated reason. */
export const REASON_REQUIRED_CAPABILITIES: Readonly<Record<string, string>> = {
  SYS_ADMIN: "grants most of root; needed only by kernels < 5.8 that lack CAP_BPF / CAP_PERFMON",
};
