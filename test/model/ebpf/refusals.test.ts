import fc from "fast-check";
import {
  checkAddedCapabilities,
  checkEbpfPodSpec,
  checkHostPathMounts,
  checkSecurityContext,
} from "../../../lib/model/ebpf";
import { Container, PodSpec, protectedHostPath, resolveHostPath, ValidationError } from "../../../lib/model";

const WHY = /kernel module's crash is a kernel panic; an eBPF program is rejected by the verifier/;

/** A pod with one container mounting one hostPath volume. */
function hostPathPod(path: string, readOnly?: boolean, init = false): PodSpec {
  const c: Container = { name: "agent", volumeMounts: [{ name: "h", mountPath: "/h", readOnly }] };
  return {
    containers: init ? [{ name: "agent" }] : [c],
    initContainers: init ? [{ ...c, name: "setup" }] : undefined,
    volumes: [{ name: "h", hostPath: { path } }],
  };
}

describe("capability refusals", () => {
  test("SYS_MODULE in every spelling is refused with the reason", () => {
    for (const spelling of ["SYS_MODULE", "CAP_SYS_MODULE", "cap_sys_module", " Sys_Module "]) {
      expect(() => checkAddedCapabilities([spelling], "add")).toThrow(WHY);
    }
  });

  test("ALL is refused", () => {
    expect(() => checkAddedCapabilities(["BPF", "all"], "add")).toThrow(
      /^add\[1\]: "all" is refused: ALL adds every/,
    );
  });

  test("SYS_ADMIN is refused unless allowed", () => {
    expect(() => checkAddedCapabilities(["CAP_SYS_ADMIN"], "add")).toThrow(/needs a stated reason/);
    expect(() => checkAddedCapabilities(["CAP_SYS_ADMIN"], "add", { sysAdminAllowed: true })).not.toThrow();
  });

  test("SYS_MODULE stays refused even when SYS_ADMIN is allowed", () => {
    expect(() => checkAddedCapabilities(["SYS_MODULE"], "add", { sysAdminAllowed: true })).toThrow(WHY);
  });

  test("property: any capability outside SYS_MODULE / ALL / SYS_ADMIN passes", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z_]{1,20}$/), (cap) => {
        fc.pre(!["SYS_MODULE", "ALL", "SYS_ADMIN"].includes(cap.replace(/^CAP_/, "")));
        expect(() => checkAddedCapabilities([cap], "add")).not.toThrow();
      }),
    );
  });
});

describe("security context refusals", () => {
  test("privileged: true is refused", () => {
    expect(() => checkSecurityContext({ privileged: true }, "sc")).toThrow(/^sc.privileged: true is refused/);
  });

  test("a drop list without ALL is refused; CAP_ALL counts as ALL", () => {
    expect(() => checkSecurityContext({ capabilities: { drop: ["NET_RAW"] } }, "sc")).toThrow(
      /sc.capabilities.drop/,
    );
    expect(() => checkSecurityContext({ capabilities: { drop: ["CAP_ALL"] } }, "sc")).not.toThrow();
  });
});

describe("hostPath refusals", () => {
  test.each([
    "/",
    "/lib/modules",
    "/lib/modules/6.1.0",
    "/usr/src",
    "/boot",
    "/sys",
    "/sys/kernel/debug",
    "/dev",
  ])("writable %s is refused", (path) => {
    expect(() => checkEbpfPodSpec(hostPathPod(path))).toThrow(WHY);
  });

  test.each(["/proc/sys", "/usr/lib/modules", "/etc", "/etc/agent", "/var/lib/kubelet", "/var/run", "/run"])(
    "writable %s is refused (issue 12: it used to pass)",
    (path) => {
      expect(() => checkEbpfPodSpec(hostPathPod(path))).toThrow(WHY);
    },
  );

  test.each(["/var/run/docker.sock", "/run/containerd/containerd.sock", "/run/crio/crio.sock", "/run"])(
    "read-only %s is refused: a runtime socket hands over the node",
    (path) => {
      expect(() => checkEbpfPodSpec(hostPathPod(path, true))).toThrow(/read-only \(a socket still accepts/);
    },
  );

  test.each(["/sys/fs/bpf", "/sys/fs/bpf/agent", "/var/run/agent", "/dev/shm", "/dev/hugepages"])(
    "writable %s is allowed",
    (path) => {
      expect(() => checkEbpfPodSpec(hostPathPod(path))).not.toThrow();
    },
  );

  test("read-only mounts of protected paths are allowed", () => {
    expect(() => checkEbpfPodSpec(hostPathPod("/lib/modules", true))).not.toThrow();
  });

  test("init containers are checked too", () => {
    expect(() => checkEbpfPodSpec(hostPathPod("/boot", false, true))).toThrow(/container "setup"/);
  });

  test("a hostPath volume nobody mounts is harmless", () => {
    expect(() =>
      checkHostPathMounts([{ name: "h", hostPath: { path: "/" } }], [{ name: "agent" }]),
    ).not.toThrow();
  });

  test("Bidirectional propagation is refused (it needs privileged)", () => {
    const pod: PodSpec = {
      containers: [
        { name: "a", volumeMounts: [{ name: "e", mountPath: "/x", mountPropagation: "Bidirectional" }] },
      ],
      volumes: [{ name: "e", emptyDir: {} }],
    };
    expect(() => checkEbpfPodSpec(pod)).toThrow(ValidationError);
  });
});

describe("resolveHostPath", () => {
  test.each([
    ["/sys/fs/bpf/../..", "/sys"],
    ["/sys/fs/bpf/../../..", "/"],
    ["/sys//fs/./bpf/", "/sys/fs/bpf"],
    ["/../../boot", "/boot"],
    ["/", "/"],
  ])("%s -> %s", (input, out) => {
    expect(resolveHostPath(input)).toBe(out);
  });

  test("property: inserting x/.. segments never changes the verdict", () => {
    const seg = fc.constantFrom("lib", "modules", "sys", "fs", "bpf", "boot", "usr", "src", "var", "x");
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 5 }), fc.nat(5), seg, (parts, at, junk) => {
        const plain = `/${parts.join("/")}`;
        const k = Math.min(at, parts.length);
        const noisy = `/${[...parts.slice(0, k), junk, "..", ...parts.slice(k)].join("/")}`;
        expect(protectedHostPath(noisy)).toBe(protectedHostPath(plain));
      }),
    );
  });
});

describe("containers without a name are named by position (issue 12)", () => {
  test("a writable /proc in the second, unnamed container says container #2, never undefined", () => {
    const pod: PodSpec = {
      containers: [
        { name: "agent" },
        { volumeMounts: [{ name: "h", mountPath: "/host/proc" }] } as unknown as Container,
      ],
      volumes: [{ name: "h", hostPath: { path: "/proc" } }],
    };
    expect(() => checkEbpfPodSpec(pod)).toThrow(/in container #2, exposing \/proc/);
    expect(() => checkEbpfPodSpec(pod)).not.toThrow(/undefined/);
  });

  test("a privileged unnamed container names its field by index", () => {
    const pod = { containers: [{ securityContext: { privileged: true } }] } as unknown as PodSpec;
    expect(() => checkEbpfPodSpec(pod)).toThrow(/^containers\[0\]\.securityContext\.privileged/);
  });
});
