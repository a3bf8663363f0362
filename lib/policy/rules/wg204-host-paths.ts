import { PROTECTED_HOST_PATHS, protectedHostPath } from "../../model/host-paths";
import { containersOf, known, knownBoolean, knownList, knownObject, podSpecOf } from "../accessors";
import { Rule } from "../types";
import { failIfAny, judge } from "./result";

/** Rule ID: no writable sensitive host path. */
export const WG204 = "WG204";

/** WG204: no container mounts a protected hostPath (`/`, `/lib/modules`, `/usr/src`, `/boot`, `/dev`, `/sys`) writable. */
export const hostPathRule: Rule = {
  id: WG204,
  severity: "error",
  title: "No writable hostPath on /, /lib/modules, /usr/src, /boot, /dev or /sys (/sys/fs/bpf is allowed)",
  why:
    "Writing to these paths changes the kernel, its modules or the boot chain of the node: a faulty agent can " +
    "leave the node unbootable.",
  fix: "Mount these host paths with read_only = true (only /sys/fs/bpf needs to be writable, for pinned BPF objects).",
  check(ctx) {
    return judge(ctx, (ds) => {
      const base = "spec.template.spec.volumes";
      const hostPaths = new Map<string, { path: string; protects: string }>();
      knownList(podSpecOf(ds).volumes, base).forEach((v, i) => {
        const volume = knownObject(v, `${base}[${i}]`) ?? {};
        const hostPath = knownObject(volume.hostPath, `${base}[${i}].hostPath`);
        if (hostPath === undefined) return;
        const path = known(hostPath.path, `${base}[${i}].hostPath.path`);
        const protects = typeof path === "string" ? protectedHostPath(path) : undefined;
        if (protects !== undefined && typeof path === "string")
          hostPaths.set(String(volume.name), { path, protects });
      });
      const problems: string[] = [];
      let at: string | undefined;
      if (hostPaths.size === 0) return failIfAny(ds, problems);
      for (const { container, field } of containersOf(ds, { init: true })) {
        knownList(container.volumeMounts, `${field}.volumeMounts`).forEach((m, i) => {
          const mount = knownObject(m, `${field}.volumeMounts[${i}]`) ?? {};
          const host = hostPaths.get(String(mount.name));
          if (host === undefined) return;
          if (knownBoolean(mount.readOnly, `${field}.volumeMounts[${i}].readOnly`) === true) return;
          problems.push(
            `container "${container.name}" mounts hostPath ${host.path} writable at ${String(mount.mountPath)} ` +
              `(${PROTECTED_HOST_PATHS[host.protects]})`,
          );
          at ??= `${field}.volumeMounts[${i}]`;
        });
      }
      return failIfAny(ds, problems, undefined, at);
    });
  },
};
