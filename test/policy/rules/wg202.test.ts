import { WG202 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

describe("WG202 no SYS_MODULE / ALL", () => {
  test("GIVEN BPF and PERFMON only THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG202).every((f) => f.outcome === "pass")).toBe(
      true,
    );
  });

  test("GIVEN CAP_SYS_MODULE (any spelling) THEN fail", () => {
    const [f] = findingsOf(checkFixture("wg202-fail-sys-module.tf.json"), WG202);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/adds SYS_MODULE: loads kernel modules/);
  });

  test("GIVEN ALL added THEN fail", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    firstDaemonSet(json).spec.template.spec.container[0].security_context.capabilities.add = ["all"];
    expect(findingsOf(checkJson(json), WG202)[0].message).toMatch(/adds ALL/);
  });
});
