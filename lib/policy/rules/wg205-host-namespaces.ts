import { containersOf, knownBoolean, knownObject, podSpecOf, statedReason } from "../accessors";
import { Rule } from "../types";
import { failIfAny, judge } from "./result";

/** Rule ID: host namespaces only with a reason; read-only root filesystem. */
export const WG205 = "WG205";

const HOST_NAMESPACES = [
  { field: "hostPID", reason: "host-pid" },
  { field: "hostIPC", reason: "host-ipc" },
  { field: "hostNetwork", reason: "host-network" },
] as const;

/** WG205: hostPID / hostIPC / hostNetwork only with a stated reason, and every container's root filesystem read-only. */
export const hostNamespacesRule: Rule = {
  id: WG205,
  severity: "warning",
  title:
    "hostPID / hostIPC / hostNetwork only with a stated reason; every container's root filesystem is read-only",
  why:
    "Host namespaces let the agent see and signal every process, shared memory segment or network interface of " +
    "the node; a writable root filesystem lets a compromised agent persist changes.",
  fix:
    "Turn off the host namespaces the agent does not need, or state why in a wavegate.dev/allow-host-pid / " +
    "allow-host-ipc / allow-host-network annotation; set read_only_root_filesystem = true.",
  check(ctx) {
    return judge(ctx, (ds) => {
      const pod = podSpecOf(ds);
      const problems: string[] = [];
      let at: string | undefined;
      for (const { field, reason } of HOST_NAMESPACES) {
        const on = knownBoolean(pod[field], `spec.template.spec.${field}`) === true;
        if (on && statedReason(ds, reason) === undefined) {
          problems.push(`${field} is true without a reason in the wavegate.dev/allow-${reason} annotation`);
          at ??= `spec.template.spec.${field}`;
        }
      }
      for (const { container, field } of containersOf(ds)) {
        const sc = knownObject(container.securityContext, `${field}.securityContext`) ?? {};
        const ro = knownBoolean(sc.readOnlyRootFilesystem, `${field}.securityContext.readOnlyRootFilesystem`);
        if (ro !== true) problems.push(`container "${container.name}" has a writable root filesystem`);
        if (ro !== true) at ??= `${field}.securityContext.readOnlyRootFilesystem`;
      }
      return failIfAny(ds, problems, undefined, at);
    });
  },
};
