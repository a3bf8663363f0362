import { LoadedDaemonSet } from "../../lib/inputs/types";
import { groupAgents, waveName, wavesOf } from "../../lib/policy/agents";
import { daemonSets, fixtureJson, loadJson } from "./helpers";

function staged(): LoadedDaemonSet[] {
  return loadJson(fixtureJson("staged-good.tf.json")).daemonSets;
}

describe("agent grouping", () => {
  test("GIVEN waves read in any order from several stacks THEN one agent, in wave order", () => {
    const [canary, staging, production] = staged();
    const fromStacks = [
      { ...production, source: { ...production.source, stack: "prod" } },
      { ...canary, source: { ...canary.source, stack: "dev" } },
      staging,
    ];
    const groups = groupAgents(fromStacks);
    expect(groups).toHaveLength(1);
    expect(groups[0].agent).toBe("node-agent");
    expect(groups[0].daemonSets.map(waveName)).toEqual(["canary", "staging", "production"]);
  });

  test("GIVEN no wave-index annotation THEN the waves list orders them", () => {
    const json = fixtureJson("staged-good.tf.json");
    daemonSets(json).forEach((d) => delete d.metadata.annotations["wavegate.dev/wave-index"]);
    const [a, b, c] = loadJson(json).daemonSets;
    expect(groupAgents([c, a, b])[0].daemonSets.map(waveName)).toEqual(["canary", "staging", "production"]);
  });

  test("GIVEN DaemonSets without the contract THEN each is an agent of its own, named after it", () => {
    const single = loadJson(fixtureJson("wg101-fail-guardrail.tf.json")).daemonSets[0];
    const groups = groupAgents([single, { ...single }, ...staged()]);
    expect(groups.map((g) => [g.agent, g.daemonSets.length])).toEqual([
      ["node-agent", 1],
      ["node-agent", 1],
      ["node-agent", 3],
    ]);
  });

  test("GIVEN one wave in two clusters THEN wavesOf merges them into one wave", () => {
    const [canary, staging, production] = staged();
    const production2 = { ...production, cluster: "kubernetes.eu" };
    const waves = wavesOf(groupAgents([canary, staging, production, production2])[0]);
    expect(waves.map((w) => [w.name, w.daemonSets.length])).toEqual([
      ["canary", 1],
      ["staging", 1],
      ["production", 2],
    ]);
  });
});
