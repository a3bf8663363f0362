import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { LoadedDaemonSet } from "../../lib/inputs/types";
import { groupAgents, waveName } from "../../lib/policy/agents";
import { runPolicy } from "../../lib/policy/engine";
import { renderText } from "../../lib/policy/reporters/text";
import { WG101, WG105 } from "../../lib/policy/rules";
import { FIXTURES, findingsOf, fixtureJson, loadJson } from "./helpers";

const REGIONAL = path.join(FIXTURES, "regional-stacks");

describe("agents are judged per cluster (issue 12)", () => {
  test("GIVEN two regional stacks, us's production skipping us's canary THEN us production fails WG105", async () => {
    const report = runPolicy(await loadInputs([REGIONAL]));
    const wg105 = findingsOf(report, WG105).map((f) => [f.source.stack, f.wave, f.outcome]);
    expect(wg105).toEqual([
      ["eu", "canary", "pass"],
      ["eu", "staging", "pass"],
      ["eu", "production", "pass"],
      ["us", "canary", "pass"],
      ["us", "staging", "pass"],
      ["us", "production", "fail"],
    ]);
    const usProduction = findingsOf(report, WG105)[5];
    expect(usProduction.message).toMatch(
      /runs v2.5.0, which no earlier wave runs .* wave "canary" \(v2.4.0\)/,
    );
  });

  test("GIVEN two regional stacks THEN the text report has one heading per rollout", async () => {
    const text = renderText(runPolicy(await loadInputs([REGIONAL])));
    const headings = text.split("\n").filter((l) => /^node-agent/.test(l));
    expect(headings).toEqual(['node-agent (stack "eu")', 'node-agent (stack "us")']);
  });

  test("GIVEN two regional stacks THEN two rollouts, each named by its stack", async () => {
    const groups = groupAgents((await loadInputs([REGIONAL])).daemonSets);
    expect(groups.map((g) => [g.agent, g.scope, g.daemonSets.map(waveName)])).toEqual([
      ["node-agent", 'stack "eu"', ["canary", "staging", "production"]],
      ["node-agent", 'stack "us"', ["canary", "staging", "production"]],
    ]);
  });

  test("GIVEN a region with only a production wave THEN it is a rollout of its own with a single wave", async () => {
    const load = await loadInputs([REGIONAL]);
    const onlyProduction = load.daemonSets.filter(
      (ds) => ds.source.stack === "eu" || waveName(ds) === "production",
    );
    const wg101 = findingsOf(runPolicy({ ...load, daemonSets: onlyProduction }), WG101);
    expect(wg101.map((f) => f.outcome)).toEqual(["pass", "pass", "pass", "fail"]);
    expect(wg101[3].message).toMatch(/^agent "node-agent" in stack "us" has a single wave \(production\)/);
  });
});

describe("multi-cluster waves stay one rollout", () => {
  const staged = (): LoadedDaemonSet[] => loadJson(fixtureJson("staged-good.tf.json")).daemonSets;

  test("GIVEN each wave in its own cluster (dev -> staging -> production) THEN one rollout", () => {
    const [c, s, p] = staged();
    const clusters = [
      { ...c, cluster: "kubernetes.dev" },
      { ...s, cluster: "kubernetes.staging" },
      { ...p, cluster: "kubernetes.production" },
    ];
    expect(groupAgents(clusters).map((g) => g.daemonSets.length)).toEqual([3]);
  });

  test("GIVEN production over two clusters after a dev and a staging cluster THEN one rollout", () => {
    const [c, s, p] = staged();
    const clusters = [
      { ...c, cluster: "kubernetes.dev" },
      { ...s, cluster: "kubernetes.staging" },
      { ...p, cluster: "kubernetes.eu" },
      { ...p, cluster: "kubernetes.us" },
    ];
    expect(groupAgents(clusters).map((g) => g.daemonSets.length)).toEqual([4]);
  });

  test("GIVEN the same three waves in two clusters of one file THEN two rollouts", () => {
    const eu = staged().map((ds) => ({ ...ds, cluster: "kubernetes.eu" }));
    const us = staged().map((ds) => ({ ...ds, cluster: "kubernetes.us" }));
    expect(groupAgents([...eu, ...us]).map((g) => g.scope)).toEqual([
      'cluster "kubernetes.eu"',
      'cluster "kubernetes.us"',
    ]);
  });

  test("GIVEN a shared dev cluster ahead of two regional stacks THEN both regional rollouts start with it", () => {
    const [c, s, p] = staged();
    const dev = { ...c, source: { ...c.source, stack: "dev" } };
    const region = (stack: string) => [s, p].map((ds) => ({ ...ds, source: { ...ds.source, stack } }));
    const groups = groupAgents([dev, ...region("eu"), ...region("us")]);
    expect(groups.map((g) => g.daemonSets.map((ds) => `${ds.source.stack}/${waveName(ds)}`))).toEqual([
      ["dev/canary", "eu/staging", "eu/production"],
      ["dev/canary", "us/staging", "us/production"],
    ]);
    const all = [dev, ...region("eu"), ...region("us")];
    const report = runPolicy({ daemonSets: all, files: [], stacks: [], otherResources: 0, warnings: [] });
    expect(findingsOf(report, WG101).every((f) => f.outcome === "pass")).toBe(true);
  });
});
