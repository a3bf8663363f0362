import { WG105 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf, Tf } from "../helpers";

const REPO = "registry.example/security/ebpf-agent";

/** Sets a wave's image (and, unless `annotation` says otherwise, its version annotation) to `version`. */
function setVersion(d: Tf, version: string, annotation: string | null = version): void {
  d.spec.template.spec.container[0].image = version.startsWith("sha256:")
    ? `${REPO}@${version}`
    : `${REPO}:${version}`;
  if (annotation === null) delete d.metadata.annotations["wavegate.dev/version"];
  else d.metadata.annotations["wavegate.dev/version"] = annotation;
}

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
    daemonSets(json).forEach((d, i) => setVersion(d, versions[i]));
    expect(Object.values(outcomesOf(checkJson(json), WG105))).toEqual(["pass", "fail", "pass"]);
  });

  test("GIVEN versions that cannot be ordered (digests only) THEN not applicable, never a guess", () => {
    const json = fixtureJson("staged-good.tf.json");
    const versions = [`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`, `sha256:${"2".repeat(64)}`];
    daemonSets(json).forEach((d, i) => setVersion(d, versions[i]));
    const f = findingsOf(checkJson(json), WG105);
    expect(f.map((x) => x.outcome)).toEqual(["pass", "not-applicable", "pass"]);
    expect(f[1].message).toMatch(/cannot order versions/);
  });

  test("GIVEN no version annotation THEN the image tag is the version", () => {
    const json = fixtureJson("wg105-fail-production-ahead.tf.json");
    daemonSets(json).forEach((d) => delete d.metadata.annotations["wavegate.dev/version"]);
    expect(Object.values(outcomesOf(checkJson(json), WG105))).toEqual(["pass", "pass", "fail"]);
  });

  test("GIVEN a production image newer than canary with a stale version annotation THEN production fails on both (issue 12 repro)", () => {
    const json = fixtureJson("staged-good.tf.json");
    const [canary, staging, production] = daemonSets(json);
    setVersion(canary, "v2.5.0");
    setVersion(staging, "v2.4.0");
    setVersion(production, "v2.6.0", "v2.4.0"); // image bumped past canary, annotation left behind
    const findings = findingsOf(checkJson(json), WG105);
    expect(findings.map((f) => f.outcome)).toEqual(["pass", "pass", "fail"]);
    expect(findings[2].message).toMatch(/wave "production" runs v2.6.0, which no earlier wave runs/);
    expect(findings[2].message).toMatch(
      /wavegate.dev\/version says v2.4.0 but container "agent" runs .*:v2.6.0/,
    );
    expect(findings[2].fix).toMatch(/Promote in order.*wavegate.dev\/version/);
  });

  test("GIVEN an annotation that disagrees with an image that is in order THEN that disagreement alone fails", () => {
    const json = fixtureJson("staged-good.tf.json");
    const [canary, staging, production] = daemonSets(json);
    setVersion(canary, "v2.5.0");
    setVersion(staging, "v2.4.0");
    setVersion(production, "v2.3.0", "v2.4.0");
    const [, , f] = findingsOf(checkJson(json), WG105);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(
      /^wavegate.dev\/version says v2.4.0 but container "agent" runs .*v2.3.0: the image is what runs/,
    );
    expect(f.fix).toMatch(/^Make wavegate.dev\/version name the version the image runs/);
  });

  test("GIVEN the canary's tag re-pushed: production on the same tag with another digest THEN fail", () => {
    const json = fixtureJson("staged-good.tf.json");
    const [canary, staging, production] = daemonSets(json);
    setVersion(canary, `v2.5.0@sha256:${"1".repeat(64)}`, "v2.5.0");
    setVersion(staging, `v2.5.0@sha256:${"1".repeat(64)}`, "v2.5.0");
    setVersion(production, `v2.5.0@sha256:${"2".repeat(64)}`, "v2.5.0");
    const [, , f] = findingsOf(checkJson(json), WG105);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/with another digest/);
  });

  test("GIVEN digest-only images and tag@digest annotations THEN the annotation orders them", () => {
    const json = fixtureJson("staged-good.tf.json");
    const [a, b] = [`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`];
    const [canary, staging, production] = daemonSets(json);
    setVersion(canary, a, `v2.4.0@${a}`);
    setVersion(staging, b, `v2.5.0@${b}`);
    setVersion(production, b, `v2.5.0@${b}`);
    expect(Object.values(outcomesOf(checkJson(json), WG105))).toEqual(["pass", "fail", "pass"]);
  });
});
