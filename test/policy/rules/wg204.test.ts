import { WG204 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

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

  test.each(["/sys/fs/bpf", "/var/run/agent", "/proc"])("GIVEN %s writable THEN pass", (path) =>
    expect(mountAt(path).outcome).toBe("pass"),
  );

  test("GIVEN / read-only THEN pass", () => expect(mountAt("/", true).outcome).toBe("pass"));
});
