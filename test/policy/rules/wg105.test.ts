import { WG105 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG105 wave order", () => {
  test("GIVEN the canary one version ahead THEN every wave passes", () => {
    expect(outcomesOf(checkFixture("staged-good.tf.json"), WG105)).toEqual({
      "node-agent-canary": "pass",
      "node-agent-staging": "pass",
      "node-agent": "pass",
    });
  });

  test("GIVEN canary and staging promoted, production not yet THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("wg105-pass-promoted.tf.json"), WG105))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN production ahead of canary THEN production fails", () => {
    const findings = findingsOf(checkFixture("wg105-fail-production-ahead.tf.json"), WG105);
    expect(findings.map((f) => f.outcome)).toEqual(["pass", "pass", "fail"]);
    expect(findings[2].message).toMatch(/wave "production" runs v2.5.0, which no earlier wave runs/);
  });

  test("GIVEN staging ahead of canary THEN staging fails and production (on staging's version) passes", () => {
    const json = fixtureJson("staged-good.tf.json");
    const versions = ["v2.4.0", "v2.5.0", "v2.5.0"];
    daemonSets(json).forEach((d, i) => (d.metadata.annotations["wavegate.dev/version"] = versions[i]));
    expect(Object.values(outcomesOf(checkJson(json), WG105))).toEqual(["pass", "fail", "pass"]);
  });

  test("GIVEN versions that cannot be ordered (digests only) THEN not applicable, never a guess", () => {
    const json = fixtureJson("staged-good.tf.json");
    const versions = [`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`, `sha256:${"2".repeat(64)}`];
    daemonSets(json).forEach((d, i) => (d.metadata.annotations["wavegate.dev/version"] = versions[i]));
    const f = findingsOf(checkJson(json), WG105);
    expect(f.map((x) => x.outcome)).toEqual(["pass", "not-applicable", "pass"]);
    expect(f[1].message).toMatch(/cannot order versions/);
  });

  test("GIVEN no version annotation THEN the image tag is the version", () => {
    const json = fixtureJson("wg105-fail-production-ahead.tf.json");
    daemonSets(json).forEach((d) => delete d.metadata.annotations["wavegate.dev/version"]);
    expect(Object.values(outcomesOf(checkJson(json), WG105))).toEqual(["pass", "pass", "fail"]);
  });
});
