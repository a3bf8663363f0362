import { WG203 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

function capabilities(caps: { add?: string[]; drop?: string[] }) {
  const json = fixtureJson("wg101-fail-guardrail.tf.json");
  firstDaemonSet(json).spec.template.spec.container[0].security_context.capabilities = caps;
  return findingsOf(checkJson(json), WG203)[0];
}

describe("WG203 least capabilities", () => {
  test("GIVEN drop ALL and eBPF capabilities THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG203).every((f) => f.outcome === "pass")).toBe(
      true,
    );
    expect(
      capabilities({ drop: ["ALL"], add: ["CAP_BPF", "perfmon", "NET_ADMIN", "SYS_PTRACE"] }).outcome,
    ).toBe("pass");
  });

  test("GIVEN SYS_ADMIN without a reason THEN a warning; with a reason annotation THEN pass", () => {
    const [f] = findingsOf(checkFixture("wg203-fail-sys-admin.tf.json"), WG203);
    expect(f).toMatchObject({ outcome: "fail", severity: "warning" });
    expect(f.message).toMatch(
      /adds SYS_ADMIN .* without a reason in the wavegate.dev\/allow-sys-admin annotation/,
    );
    const passing = findingsOf(checkFixture("wg203-pass-sys-admin-with-reason.tf.json"), WG203);
    expect(passing.map((x) => x.outcome)).toEqual(["pass", "pass", "pass"]);
  });

  test("GIVEN a capability outside the eBPF allow-list THEN fail", () => {
    expect(capabilities({ drop: ["ALL"], add: ["NET_RAW"] }).message).toBe(
      'container "agent" adds NET_RAW, outside the eBPF allow-list',
    );
  });

  test("GIVEN drop lacking ALL THEN fail", () => {
    expect(capabilities({ add: ["BPF"] }).message).toBe('container "agent" does not drop ALL capabilities');
  });

  test("GIVEN SYS_MODULE THEN it is left to WG202", () => {
    expect(capabilities({ drop: ["ALL"], add: ["SYS_MODULE"] }).outcome).toBe("pass");
  });
});
