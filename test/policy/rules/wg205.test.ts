import { WG205 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

describe("WG205 host namespaces and read-only root", () => {
  test("GIVEN hostPID with a stated reason and read-only root filesystems THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG205).every((f) => f.outcome === "pass")).toBe(
      true,
    );
  });

  test("GIVEN hostNetwork without a reason THEN a warning", () => {
    const [f] = findingsOf(checkFixture("wg205-fail-host-network.tf.json"), WG205);
    expect(f).toMatchObject({ outcome: "fail", severity: "warning" });
    expect(f.message).toBe(
      "hostNetwork is true without a reason in the wavegate.dev/allow-host-network annotation",
    );
  });

  test("GIVEN a reason shorter than 10 characters THEN it does not count", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    const ds = firstDaemonSet(json);
    ds.spec.template.spec.host_ipc = true;
    ds.metadata.annotations = { "wavegate.dev/allow-host-ipc": "needed" };
    expect(findingsOf(checkJson(json), WG205)[0].message).toMatch(/hostIPC is true without a reason/);
  });

  test("GIVEN a writable root filesystem THEN fail", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    delete firstDaemonSet(json).spec.template.spec.container[0].security_context.read_only_root_filesystem;
    expect(findingsOf(checkJson(json), WG205)[0].message).toBe(
      'container "agent" has a writable root filesystem',
    );
  });
});

describe("WG205 fix text follows what failed (issue 12)", () => {
  test("GIVEN only a writable root filesystem THEN the fix is about the root filesystem, not host namespaces", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    const c = firstDaemonSet(json).spec.template.spec.container[0];
    c.security_context = { ...(c.security_context ?? {}), read_only_root_filesystem: false };
    const [f] = findingsOf(checkJson(json), WG205);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/container "\w+" has a writable root filesystem/);
    expect(f.fix).toMatch(/^Set read_only_root_filesystem = true/);
    expect(f.fix).not.toMatch(/host namespaces|allow-host/);
  });
});
