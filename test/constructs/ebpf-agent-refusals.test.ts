import { Testing, TerraformStack } from "cdktf";
import { EbpfAgent, EbpfAgentProps, ValidationError } from "../../lib";
import { agentProps, productionDaemonSet } from "./ebpf-agent-helpers";

/** Builds the agent in a fresh stack and returns the error it throws (or fails the test). */
function refusal(over: Partial<EbpfAgentProps>): ValidationError {
  const stack = new TerraformStack(Testing.app(), "s");
  try {
    new EbpfAgent(stack, "agent", agentProps(over));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error("expected the agent to be refused");
}

const WHY = /kernel module's crash is a kernel panic.*verifier.*without a reboot/;

/** An extra hostPath volume mounted writable. */
const writable = (path: string): Partial<EbpfAgentProps> => ({
  volumes: [{ name: "host", hostPath: { path } }],
  volumeMounts: [{ name: "host", mountPath: "/host/x" }],
});

describe("EbpfAgent hard refusals (one per refusal, each saying why)", () => {
  test("SYS_MODULE, in any spelling", () => {
    const e = refusal({ securityContext: { capabilities: { add: ["CAP_SYS_MODULE"] } } });
    expect(e.field).toBe("securityContext.capabilities.add[0]");
    expect(e.message).toMatch(/SYS_MODULE loads kernel modules/);
    expect(e.message).toMatch(WHY);
    expect(refusal({ securityContext: { capabilities: { add: ["sys_module"] } } }).message).toMatch(WHY);
  });

  test("privileged: true", () => {
    const e = refusal({ securityContext: { privileged: true } });
    expect(e.field).toBe("securityContext.privileged");
    expect(e.message).toMatch(/every capability \(SYS_MODULE included\)/);
    expect(e.message).toMatch(WHY);
  });

  test("ALL in capabilities.add", () => {
    const e = refusal({ securityContext: { capabilities: { add: ["NET_RAW", "ALL"] } } });
    expect(e.field).toBe("securityContext.capabilities.add[1]");
    expect(e.message).toMatch(WHY);
  });

  test("writable /lib/modules", () => {
    const e = refusal(writable("/lib/modules"));
    expect(e.field).toBe("volumes[0].hostPath.path");
    expect(e.message).toMatch(/exposing \/lib\/modules \(kernel modules/);
    expect(e.message).toMatch(WHY);
    expect(e.fix).toMatch(/readOnly: true/);
  });

  test("writable /usr/src", () => {
    expect(refusal(writable("/usr/src/linux-headers")).message).toMatch(/exposing \/usr\/src/);
  });

  test("writable /boot", () => {
    expect(refusal(writable("/boot")).message).toMatch(/exposing \/boot/);
  });

  test("writable /", () => {
    expect(refusal(writable("/")).message).toMatch(/exposing \/ \(the whole host filesystem\)/);
  });

  test("writable /sys (anything under it but /sys/fs/bpf)", () => {
    expect(refusal(writable("/sys/kernel/debug")).message).toMatch(/exposing \/sys \(/);
    expect(refusal(writable("/sys")).message).toMatch(/exposing \/sys \(/);
  });

  test("a parent of a protected path, or a path that climbs out with '..', is refused too", () => {
    expect(refusal(writable("/lib")).message).toMatch(/exposing \/lib\/modules/);
    expect(refusal(writable("/sys/fs/bpf/../../../boot")).message).toMatch(/exposing \/boot/);
  });

  test("SYS_ADMIN without allowSysAdmin", () => {
    const e = refusal({ securityContext: { capabilities: { add: ["CAP_SYS_ADMIN"] } } });
    expect(e.message).toMatch(/grants most of root/);
    expect(e.fix).toMatch(/allowSysAdmin/);
  });

  test("a kernel below 5.8 without allowSysAdmin", () => {
    const e = refusal({ minKernel: "5.4" });
    expect(e.field).toBe("minKernel");
    expect(e.message).toMatch(/predates CAP_BPF and CAP_PERFMON/);
  });

  test("a non-zero maxSurge on any wave", () => {
    const props = agentProps();
    const waves = props.waves.map((w, i) => (i === 1 ? { ...w, maxSurge: 1, maxUnavailable: 0 } : w));
    const e = refusal({ waves });
    expect(e.field).toBe("waves[1].maxSurge");
    expect(e.message).toMatch(/two agents on one node fight over the same hooks/);
  });
});

describe("EbpfAgent: what is still allowed", () => {
  test("/sys/fs/bpf and below may be writable", () => {
    expect(() => productionDaemonSet(agentProps(writable("/sys/fs/bpf/agent")))).not.toThrow();
  });

  test("protected paths mounted read-only are fine", () => {
    const props = agentProps({
      volumes: [{ name: "modules", hostPath: { path: "/lib/modules" } }],
      volumeMounts: [{ name: "modules", mountPath: "/lib/modules", readOnly: true }],
    });
    expect(() => productionDaemonSet(props)).not.toThrow();
  });

  test("maxSurge 0 written out explicitly is fine", () => {
    const props = agentProps();
    const waves = props.waves.map((w) => ({ ...w, maxSurge: "0%" }));
    expect(() => productionDaemonSet({ ...props, waves })).not.toThrow();
  });
});

describe("EbpfAgent: other checks name the field and the fix", () => {
  test.each<[string, Partial<EbpfAgentProps>, string]>([
    ["a short reason", { hostNetwork: { reason: "xdp" } }, "hostNetwork.reason"],
    [
      "drop without ALL",
      { securityContext: { capabilities: { drop: ["NET_RAW"] } } },
      "securityContext.capabilities.drop",
    ],
    [
      "Bidirectional propagation",
      {
        volumes: [{ name: "run", hostPath: { path: "/run/agent" } }],
        volumeMounts: [{ name: "run", mountPath: "/run/agent", mountPropagation: "Bidirectional" }],
      },
      "containers.probe-agent.volumeMounts.run.mountPropagation",
    ],
    ["a volume name the preset uses", { volumes: [{ name: "bpffs", emptyDir: {} }] }, "volumes[0].name"],
    [
      "a mount without a volume",
      { volumeMounts: [{ name: "nope", mountPath: "/x" }] },
      "volumeMounts[0].name",
    ],
    [
      "a mount path the preset uses",
      { volumes: [{ name: "t", emptyDir: {} }], volumeMounts: [{ name: "t", mountPath: "/tmp" }] },
      "volumeMounts[0].mountPath",
    ],
    ["no programs", { programs: [] }, "programs"],
    ["an unknown program kind", { programs: ["kprobe" as never] }, "programs[0]"],
    [
      "lsm below 5.7",
      { programs: ["lsm"], minKernel: "5.4", allowSysAdmin: { reason: "old kernels in the fleet" } },
      "programs",
    ],
    ["a bad kernel version", { minKernel: "five" }, "minKernel"],
    ["a bad health port", { health: { port: 0 } }, "health.port"],
    [
      "a memory limit below the request",
      { resources: { memory: "1Gi", memoryLimit: "512Mi" } },
      "resources.memoryLimit",
    ],
    [
      "an absolute Localhost seccomp path",
      { seccompProfile: { localhostProfile: "/etc/x.json" } },
      "seccompProfile",
    ],
    [
      "a bad version",
      { versions: { canary: "v1@sha256:abc", staging: "v1", production: "v1" } },
      "versions.canary",
    ],
    ["a grace period of 0", { terminationGracePeriodSeconds: 0 }, "terminationGracePeriodSeconds"],
    [
      "allowPrivilegeEscalation false with SYS_ADMIN",
      {
        minKernel: "5.4",
        allowSysAdmin: { reason: "kernel 5.4 in the fleet" },
        securityContext: { allowPrivilegeEscalation: false },
      },
      "securityContext.allowPrivilegeEscalation",
    ],
  ])("%s", (_label, over, field) => {
    const e = refusal(over);
    expect(e.field).toBe(field);
    expect(e.fix.length).toBeGreaterThan(5);
  });
});

describe("EbpfAgent refuses what WG204 fails: the host-path table (issue 12)", () => {
  test.each(["/proc/sys", "/proc", "/usr/lib/modules", "/etc", "/var/lib/kubelet", "/var/run"])(
    "writable %s is refused",
    (path) => {
      const e = refusal(writable(path));
      expect(e.field).toBe("volumes[0].hostPath.path");
      expect(e.message).toMatch(WHY);
    },
  );

  test("a container-runtime socket is refused even read-only, with a fix that removes it", () => {
    const e = refusal({
      volumes: [{ name: "sock", hostPath: { path: "/run/containerd/containerd.sock" } }],
      volumeMounts: [{ name: "sock", mountPath: "/run/containerd/containerd.sock", readOnly: true }],
    });
    expect(e.message).toMatch(/mounted read-only \(a socket still accepts connections\)/);
    expect(e.fix).toMatch(/^Remove the mount/);
  });

  test.each(["/dev/shm", "/dev/hugepages"])("writable %s (a memory filesystem) is allowed", (path) => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new EbpfAgent(stack, "agent", agentProps(writable(path)))).not.toThrow();
  });
});
