import { PodSpec } from "../../model/k8s";
import { LoadedDaemonSet } from "../../inputs/types";
import { containersOf, isObject, knownBoolean, knownObject, podSpecOf, statedReason } from "../accessors";
import { Rule, RuleResult } from "../types";
import { fail, judge, pass, withFix } from "./result";

/** Rule ID: host namespaces only with a reason; read-only root filesystem. */
export const WG205 = "WG205";

const HOST_NAMESPACES = [
  { field: "hostPID", reason: "host-pid" },
  { field: "hostIPC", reason: "host-ipc" },
  { field: "hostNetwork", reason: "host-network" },
] as const;

const NAMESPACE_FIX =
  "Turn off the host namespaces the agent does not need, or state why in a wavegate.dev/allow-host-pid / " +
  "allow-host-ipc / allow-host-network annotation.";
const ROOT_FS_FIX =
  "Set read_only_root_filesystem = true in each container's security_context, and mount an empty_dir volume " +
  "(medium Memory) at the paths the agent writes, such as /tmp.";

/** WG205: hostPID / hostIPC / hostNetwork only with a stated reason, and every container's root filesystem read-only. */
export const hostNamespacesRule: Rule = {
  id: WG205,
  name: "HostNamespacesAndReadOnlyRoot",
  severity: "warning",
  title:
    "hostPID / hostIPC / hostNetwork only with a stated reason; every container's root filesystem is read-only",
  why:
    "Host namespaces let the agent see and signal every process, shared memory segment or network interface of " +
    "the node; a writable root filesystem lets a compromised agent persist changes.",
  fix: `${NAMESPACE_FIX} ${ROOT_FS_FIX}`,
  example: {
    fails: [
      "spec { template { spec {",
      "  host_network = true",
      '  container { name = "agent" }',
      "} } }",
    ].join("\n"),
    passes: [
      'metadata { annotations = { "wavegate.dev/allow-host-network" = "attaches XDP programs to node NICs" } }',
      "spec { template { spec {",
      "  host_network = true",
      '  container { name = "agent"  security_context { read_only_root_filesystem = true } }',
      "} } }",
    ].join("\n"),
  },
  check(ctx) {
    return judge(ctx, (ds) =>
      plainAndReadOnly(ds, podSpecOf(ds)) ? pass(ds) : judgeHostNamespacesInFull(ds),
    );
  },
};

/** The general path of WG205 (the rule passes a DaemonSet `plainAndReadOnly` clears at once). */
export function judgeHostNamespacesInFull(ds: LoadedDaemonSet): RuleResult {
  const pod = podSpecOf(ds);
  const namespaces: string[] = [];
  let at: string | undefined;
  for (const { field, reason } of HOST_NAMESPACES) {
    const on = knownBoolean(pod[field], `spec.template.spec.${field}`) === true;
    if (on && statedReason(ds, reason) === undefined) {
      namespaces.push(`${field} is true without a reason in the wavegate.dev/allow-${reason} annotation`);
      at ??= `spec.template.spec.${field}`;
    }
  }
  const rootFs: string[] = [];
  for (const { container, field, label } of containersOf(ds)) {
    const sc = knownObject(container.securityContext, `${field}.securityContext`) ?? {};
    const ro = knownBoolean(sc.readOnlyRootFilesystem, `${field}.securityContext.readOnlyRootFilesystem`);
    if (ro !== true) rootFs.push(`${label} has a writable root filesystem`);
    if (ro !== true) at ??= `${field}.securityContext.readOnlyRootFilesystem`;
  }
  if (namespaces.length === 0 && rootFs.length === 0) return pass(ds);
  // The fix names only what failed: a writable root filesystem is not fixed by turning off host namespaces.
  const fix = [namespaces.length > 0 ? NAMESPACE_FIX : "", rootFs.length > 0 ? ROOT_FS_FIX : ""];
  return withFix(
    fail(ds, [...namespaces, ...rootFs].join("; "), undefined, at),
    fix.filter(Boolean).join(" "),
  );
}

/**
 * True when the full check finds nothing for certain: no host namespace set (absent or false) and every container's
 * securityContext.readOnlyRootFilesystem is true. Anything else (a namespace with a reason, a value written as text)
 * is judged in full.
 */
function plainAndReadOnly(ds: LoadedDaemonSet, pod: Partial<PodSpec>): boolean {
  for (let i = 0; i < HOST_NAMESPACES.length; i++) {
    const on = pod[HOST_NAMESPACES[i].field];
    if (on !== undefined && on !== null && on !== false) return false;
  }
  // Read after the namespaces, as the full check does (so an unknown list is reported in the same order).
  const containers = containersOf(ds);
  for (let i = 0; i < containers.length; i++) {
    const sc = containers[i].container.securityContext;
    if (!isObject(sc) || sc.readOnlyRootFilesystem !== true) return false;
  }
  return true;
}
