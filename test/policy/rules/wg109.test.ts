import { WG109 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, findingsOf, fixtureJson, firstDaemonSet } from "../helpers";

function imageFinding(image: string | undefined) {
  const json = fixtureJson("wg101-fail-guardrail.tf.json");
  firstDaemonSet(json).spec.template.spec.container[0].image = image;
  return findingsOf(checkJson(json), WG109)[0];
}

describe("WG109 image pinned", () => {
  test("GIVEN images pinned by tag@sha256 digest THEN pass", () => {
    expect(findingsOf(checkFixture("staged-good.tf.json"), WG109).map((f) => f.outcome)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN latest THEN an error", () => {
    const [f] = findingsOf(checkFixture("wg109-fail-latest.tf.json"), WG109);
    expect(f).toMatchObject({ outcome: "fail", severity: "error" });
    expect(f.message).toMatch(/:latest/);
  });

  test.each([
    ["registry.example/agent", "fail", "error", /no tag/],
    ["registry.example:5000/agent", "fail", "error", /no tag/],
    ["registry.example/agent:v2.4.0", "fail", "warning", /without @sha256 digest/],
    [`registry.example/agent@sha256:${"0".repeat(64)}`, "pass", "error", undefined],
    [undefined, "fail", "error", /has no image/],
  ])("GIVEN image %s THEN %s (%s)", (image, outcome, severity, message) => {
    const f = imageFinding(image);
    expect(f.outcome).toBe(outcome);
    expect(f.severity).toBe(severity);
    if (message) expect(f.message).toMatch(message);
  });

  test("GIVEN an init container on latest THEN it is judged too", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    firstDaemonSet(json).spec.template.spec.init_container = [{ name: "setup", image: "busybox:latest" }];
    expect(findingsOf(checkJson(json), WG109)[0].message).toMatch(/container "setup" uses busybox:latest/);
  });

  test("GIVEN a severity override THEN a tag without digest is reported at that severity", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    firstDaemonSet(json).spec.template.spec.container[0].image = "registry.example/agent:v1";
    expect(findingsOf(checkJson(json, { severities: { WG109: "info" } }), WG109)[0].severity).toBe("info");
  });
});

describe("WG109 floating tags (issue 12)", () => {
  test.each(["stable", "main", "edge", "master", "dev", "nightly", "canary", "lts-alpine", "mainline"])(
    "GIVEN the floating tag %s THEN an error, like latest",
    (tag) => {
      const f = imageFinding(`registry.example/agent:${tag}`);
      expect(f).toMatchObject({ outcome: "fail", severity: "error" });
      expect(f.message).toContain(`"${tag}" is a floating tag, not a version`);
    },
  );

  test.each(["v2.4.0", "1.25-alpine", "2.5.0-rc.1", "2024-07-19", "20240719", "3f2a9c1e", "build-4711"])(
    "GIVEN the version tag %s THEN only the digest warning",
    (tag) => {
      expect(imageFinding(`registry.example/agent:${tag}`)).toMatchObject({
        outcome: "fail",
        severity: "warning",
      });
    },
  );

  test("GIVEN a floating tag pinned by digest THEN pass (the digest is what runs)", () => {
    expect(imageFinding(`registry.example/agent:stable@sha256:${"0".repeat(64)}`).outcome).toBe("pass");
  });
});
