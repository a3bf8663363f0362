import { hostPathExposure } from "../../model/host-paths";
import { containersOf, known, knownBoolean, knownList, knownObject, podSpecOf } from "../accessors";
import { Rule } from "../types";
import { failIfAny, judge } from "./result";

/** Rule ID: no sensitive host path. */
export const WG204 = "WG204";

/**
 * WG204: no container mounts a host path of the host-path table (`lib/model/host-paths.ts`, the same table the
 * EbpfAgent refusals use) writable, nor a container-runtime socket at all.
 */
export const hostPathRule: Rule = {
  id: WG204,
  name: "NoSensitiveHostPath",
  severity: "error",
  title:
    "No writable hostPath on the kernel, boot, device, /proc, /etc or kubelet paths, and no container-runtime socket",
  why:
    "Writing to /, /boot, /lib/modules, /usr/lib/modules, /usr/src, /dev, /sys, /proc, /etc or /var/lib/kubelet " +
    "changes the kernel, its parameters, the boot chain or the node's configuration: a faulty agent can leave the " +
    "node unbootable. A container-runtime socket (/run, /var/run, containerd / CRI-O / Docker *.sock) hands over " +
    "the node even mounted read-only.",
  fix:
    "Mount these host paths with read_only = true, or only the subdirectory the agent writes (/sys/fs/bpf, /dev/shm " +
    "and /dev/hugepages may stay writable); never mount a container-runtime socket.",
  example: {
    fails: [
      'volume { name = "proc"  host_path { path = "/proc" } }',
      'container { name = "agent"  volume_mount { name = "proc"  mount_path = "/host/proc" } }',
    ].join("\n"),
    passes: [
      'volume { name = "proc"  host_path { path = "/proc" } }',
      'container { name = "agent"  volume_mount { name = "proc"  mount_path = "/host/proc"  read_only = true } }',
    ].join("\n"),
  },
  check(ctx) {
    return judge(ctx, (ds) => {
      const base = "spec.template.spec.volumes";
      const hostPaths = new Map<string, string>();
      knownList(podSpecOf(ds).volumes, base).forEach((v, i) => {
        const volume = knownObject(v, `${base}[${i}]`) ?? {};
        const hostPath = knownObject(volume.hostPath, `${base}[${i}].hostPath`);
        if (hostPath === undefined) return;
        const path = known(hostPath.path, `${base}[${i}].hostPath.path`);
        if (typeof path === "string" && hostPathExposure(path, false) !== undefined) {
          hostPaths.set(String(volume.name), path);
        }
      });
      const problems: string[] = [];
      let at: string | undefined;
      if (hostPaths.size === 0) return failIfAny(ds, problems);
      for (const { container, field, label } of containersOf(ds, { init: true })) {
        knownList(container.volumeMounts, `${field}.volumeMounts`).forEach((m, i) => {
          const mount = knownObject(m, `${field}.volumeMounts[${i}]`) ?? {};
          const path = hostPaths.get(String(mount.name));
          if (path === undefined) return;
          const readOnly = knownBoolean(mount.readOnly, `${field}.volumeMounts[${i}].readOnly`) === true;
          const exposed = hostPathExposure(path, readOnly);
          if (exposed === undefined) return;
          const how = readOnly ? "read-only (a socket still accepts connections)" : "writable";
          const named = exposed.protects === path || path.endsWith(`/${exposed.protects}`);
          const what = named ? "" : `, exposing ${exposed.protects}`;
          problems.push(
            `${label} mounts hostPath ${path} ${how} at ${String(mount.mountPath)}${what} (${exposed.reason})`,
          );
          at ??= `${field}.volumeMounts[${i}]`;
        });
      }
      return failIfAny(ds, problems, undefined, at);
    });
  },
};
