import { WG201 } from "../../../lib/policy/rules";
import { checkFixture, findingsOf } from "../helpers";

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
