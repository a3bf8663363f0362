import * as path from "node:path";
import { loadInputs } from "../../../lib/inputs/load";
import { runPolicy } from "../../../lib/policy/engine";
import { WG204 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, FIXTURES, fixtureJson, firstDaemonSet } from "../helpers";

function mountAt(hostPath: string, readOnly?: boolean) {
  const json = fixtureJson("wg101-fail-guardrail.tf.json");
  const pod = firstDaemonSet(json).spec.template.spec;
  pod.volume = [{ name: "host", host_path: { path: hostPath } }];
  pod.container[0].volume_mount = [
    { name: "host", mount_path: "/host", ...(readOnly ? { read_only: true } : {}) },
  ];
  return findingsOf(checkJson(json), WG204)[0];
}

describe("WG204 no writable sensitive hostPath", () => {
  test("GIVEN /sys/fs/bpf writable and /lib/modules read-only THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG204).every((f) => f.outcome === "pass")).toBe(
      true,
    );
  });

  test("GIVEN /lib/modules writable THEN fail", () => {
    const findings = findingsOf(checkFixture("wg204-fail-writable-lib-modules.tf.json"), WG204);
    expect(findings.map((f) => f.outcome)).toEqual(["pass", "pass", "fail"]);
    expect(findings[2].message).toMatch(/mounts hostPath \/lib\/modules writable at \/lib\/modules/);
  });

  test.each(["/", "/usr/src", "/boot", "/dev", "/sys", "/sys/kernel/debug", "/usr", "/lib/modules/"])(
    "GIVEN %s writable THEN fail",
    (path) => expect(mountAt(path).outcome).toBe("fail"),
  );

  test.each(["/sys/fs/bpf", "/var/run/agent"])("GIVEN %s writable THEN pass", (path) =>
    expect(mountAt(path).outcome).toBe("pass"),
  );

  test("GIVEN /sys read-only THEN pass", () => expect(mountAt("/sys", true).outcome).toBe("pass"));
});

describe("WG204 on the host-path table (issue 12 repro)", () => {
  test("GIVEN writable /proc/sys and /usr/lib/modules, a /dev/shm mount and a read-only containerd socket THEN each is named, /dev/shm is not", async () => {
    const load = await loadInputs([path.join(FIXTURES, "wg204-kernel-paths.yaml")]);
    const [finding] = findingsOf(runPolicy(load), WG204);
    expect(finding.outcome).toBe("fail");
    const problems = (finding.message ?? "").split("; ");
    expect(problems).toEqual([
      expect.stringMatching(
        /^container "tuner" mounts hostPath \/proc\/sys writable .*\/proc\/sys sets kernel parameters/,
      ),
      expect.stringMatching(/^container "tuner" mounts hostPath \/usr\/lib\/modules writable .*merged-\/usr/),
      expect.stringMatching(
        /^container #2 mounts hostPath \/run\/containerd\/containerd.sock read-only .*container-runtime socket/,
      ),
    ]);
    expect(finding.message).not.toMatch(/shm|raw device/);
  });

  test.each([
    "/proc",
    "/proc/sys",
    "/proc/sysrq-trigger",
    "/usr/lib/modules",
    "/usr/lib",
    "/etc",
    "/etc/kubernetes",
    "/var/lib/kubelet",
    "/var/lib/kubelet/pods",
    "/run",
    "/var/run",
  ])("GIVEN %s writable THEN fail", (p) => expect(mountAt(p).outcome).toBe("fail"));

  test.each([
    "/var/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run",
    "/var/run",
    "/",
  ])("GIVEN %s read-only THEN fail: a runtime socket hands over the node whatever readOnly says", (p) =>
    expect(mountAt(p, true).outcome).toBe("fail"),
  );

  test.each(["/dev/shm", "/dev/hugepages", "/var/run/agent", "/run/xtables.lock"])(
    "GIVEN %s writable THEN pass",
    (p) => expect(mountAt(p).outcome).toBe("pass"),
  );

  test.each(["/proc", "/etc", "/var/lib/kubelet/pods", "/usr/lib/modules"])(
    "GIVEN %s read-only THEN pass",
    (p) => expect(mountAt(p, true).outcome).toBe("pass"),
  );
});
