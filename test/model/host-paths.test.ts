import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { checkEbpfPodSpec } from "../../lib/model/ebpf";
import {
  ALLOWED_HOST_PATHS,
  HOST_PATH_TABLE,
  hostPathExposure,
  RUNTIME_SOCKET_NAMES,
} from "../../lib/model/host-paths";
import { PodSpec } from "../../lib/model/k8s";
import { runPolicy } from "../../lib/policy/engine";
import { WG204 } from "../../lib/policy/rules";
import { loadJson } from "../policy/helpers";

/** One DaemonSet (Terraform JSON) mounting `path` at /host. */
function daemonSetJson(path: string, readOnly: boolean) {
  return {
    resource: {
      kubernetes_daemon_set_v1: {
        agent: {
          metadata: { name: "agent" },
          spec: {
            template: {
              spec: {
                container: [
                  { name: "agent", volume_mount: [{ name: "h", mount_path: "/host", read_only: readOnly }] },
                ],
                volume: [{ name: "h", host_path: { path } }],
              },
            },
          },
        },
      },
    },
  };
}

function pod(path: string, readOnly: boolean): PodSpec {
  return {
    containers: [{ name: "agent", volumeMounts: [{ name: "h", mountPath: "/host", readOnly }] }],
    volumes: [{ name: "h", hostPath: { path } }],
  };
}

const wg204Fails = (path: string, readOnly: boolean) =>
  runPolicy(loadJson(daemonSetJson(path, readOnly))).findings.find((f) => f.ruleId === WG204)?.outcome ===
  "fail";
const refused = (path: string, readOnly: boolean) => {
  try {
    checkEbpfPodSpec(pod(path, readOnly));
    return false;
  } catch {
    return true;
  }
};

describe("the host-path table", () => {
  test("every entry and every runtime socket has a reason; allowed paths have one too", () => {
    for (const e of HOST_PATH_TABLE) expect(e.reason.length).toBeGreaterThan(10);
    for (const reason of Object.values(ALLOWED_HOST_PATHS)) expect(reason.length).toBeGreaterThan(10);
    expect(RUNTIME_SOCKET_NAMES).toEqual(
      expect.arrayContaining(["containerd.sock", "crio.sock", "docker.sock"]),
    );
  });

  test("/dev/shm and /dev/hugepages are memory filesystems, not raw devices", () => {
    expect(hostPathExposure("/dev/shm")).toBeUndefined();
    expect(hostPathExposure("/dev/hugepages/1G")).toBeUndefined();
    expect(hostPathExposure("/dev/sda")?.reason).toMatch(/raw devices/);
  });

  test("/var/run is judged as /run; .. is resolved first", () => {
    expect(hostPathExposure("/var/run", true)?.protects).toBe("/run");
    expect(hostPathExposure("/sys/fs/bpf/../../../proc/sys")?.protects).toBe("/proc");
  });

  test("property: WG204 fails exactly when EbpfAgent refuses (one table for both)", () => {
    const seg = fc.constantFrom(
      "proc",
      "sys",
      "fs",
      "bpf",
      "dev",
      "shm",
      "usr",
      "lib",
      "modules",
      "etc",
      "run",
      "var",
      "kubelet",
      "containerd",
      "containerd.sock",
      "docker.sock",
      "agent",
      "..",
    );
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 4 }), fc.boolean(), (parts, readOnly) => {
        const path = `/${parts.join("/")}`;
        expect(wg204Fails(path, readOnly)).toBe(refused(path, readOnly));
        expect(refused(path, readOnly)).toBe(hostPathExposure(path, readOnly) !== undefined);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe("the README documents the host-path table", () => {
  test("one row per entry, in order, with its reason and whether read-only counts", () => {
    const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("<!-- host-paths -->"),
      readme.indexOf("| option | default |"),
    );
    const rows = [...section.matchAll(/^\| `([^`]+)` \| (writable|always)[^|]* \| ([^|]+) \|$/gm)].map(
      (m) => ({
        path: m[1],
        readOnlyToo: m[2] === "always",
        reason: m[3].trim(),
      }),
    );
    expect(rows).toEqual(
      HOST_PATH_TABLE.map(({ path: p, readOnlyToo, reason }) => ({ path: p, readOnlyToo, reason })),
    );
    for (const name of RUNTIME_SOCKET_NAMES) expect(section).toContain(`\`${name}\``);
    for (const allowed of Object.keys(ALLOWED_HOST_PATHS)) expect(section).toContain(`\`${allowed}\``);
  });
});
