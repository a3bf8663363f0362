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
