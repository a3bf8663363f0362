import { WG201 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

describe("WG201 not privileged", () => {
  test("GIVEN unprivileged containers THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG201).every((f) => f.outcome === "pass")).toBe(
      true,
    );
  });

  test("GIVEN a privileged container THEN fail", () => {
    const [f] = findingsOf(checkFixture("wg201-fail-privileged.tf.json"), WG201);
    expect(f).toMatchObject({
      outcome: "fail",
      severity: "error",
      message: 'container "agent" is privileged',
    });
  });
});

describe("messages name unnamed containers by position (issue 12)", () => {
  test('GIVEN a privileged second container without a name THEN "container #2", never "undefined"', () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    const pod = firstDaemonSet(json).spec.template.spec;
    pod.container.push({ image: "registry.example/sidecar:v1", security_context: { privileged: true } });
    const [f] = findingsOf(checkJson(json), WG201);
    expect(f.message).toBe("container #2 is privileged");
  });
});
