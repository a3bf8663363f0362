import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { waveManifests } from "../cluster/harness";

function io(cwd: string) {
  let out = "";
  let err = "";
  const value: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => "",
  };
  return { value, out: () => out, err: () => err };
}

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-verify-cli-"));
writeFileSync(
  path.join(dir, "agent.yaml"),
  waveManifests()
    .map((m) => stringify(m))
    .join("---\n"),
);

async function run(args: string[]) {
  const i = io(dir);
  const code = await runCli(args, i.value);
  return { code, out: i.out(), err: i.err() };
}

describe("wavegate verify / rollback: usage errors exit 2 before any cluster is contacted", () => {
  test.each([
    [["verify", "agent.yaml", "--agent", "nobody", "--wave", "canary"], /--agent: no agent named "nobody"/],
    [
      ["verify", "agent.yaml", "--agent", "agent", "--wave", "staging"],
      /--wave: agent "agent" has no wave "staging"; its waves are canary, production/,
    ],
    [
      ["verify", "agent.yaml", "--agent", "agent", "--wave", "canary", "--bake", "ten minutes"],
      /--bake: "ten minutes" is not a duration/,
    ],
    [
      ["verify", "agent.yaml", "--agent", "agent", "--wave", "canary", "--prometheus", "prom:9090"],
      /--prometheus: "prom:9090" is not an http\(s\) URL/,
    ],
    [["rollback", "missing.yaml", "--agent", "agent", "--wave", "canary"], /missing.yaml: no such file/],
    [["verify", "agent.yaml", "--wave", "canary"], /required option '--agent <name>'/],
  ])("%j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test("a bad verify section in wavegate.json names the file and field", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "wavegate-verify-cfg-"));
    writeFileSync(
      path.join(cwd, "agent.yaml"),
      waveManifests()
        .map((m) => stringify(m))
        .join("---\n"),
    );
    writeFileSync(path.join(cwd, "wavegate.json"), JSON.stringify({ verify: { bake: "soon" } }));
    const i = io(cwd);
    expect(await runCli(["verify", "agent.yaml", "--agent", "agent", "--wave", "canary"], i.value)).toBe(2);
    expect(i.err()).toMatch(/wavegate.json: verify.bake: "soon" is not a duration/);
  });

  test("`wavegate check` accepts a wavegate.json with a verify section and never loads the cluster client", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "wavegate-check-cfg-"));
    writeFileSync(
      path.join(cwd, "agent.yaml"),
      waveManifests()
        .map((m) => stringify(m))
        .join("---\n"),
    );
    writeFileSync(
      path.join(cwd, "wavegate.json"),
      JSON.stringify({ options: { minWaves: 2 }, verify: { bake: "1m" } }),
    );
    const i = io(cwd);
    await runCli(["check", "agent.yaml"], i.value);
    expect(i.err()).not.toMatch(/wavegate.json/);
    const loaded = Object.keys(require.cache);
    expect(loaded.filter((k) => k.includes("@kubernetes/client-node") || k.includes("log-update"))).toEqual(
      [],
    );
    expect(loaded.filter((k) => /lib[\\/]cluster[\\/]/.test(k))).toEqual([]);
  });

  test("verify and rollback are listed in --help", async () => {
    const r = await run(["--help"]);
    expect(r.out).toMatch(/verify \[options\] <input\.\.\.>/);
    expect(r.out).toMatch(/rollback \[options\] <input\.\.\.>/);
  });
});

describe("the progress deadline follows the simulator's prediction for the wave", () => {
  test("more nodes, a longer prediction; the deadline is the longer of the configured one and 1.5x the prediction", async () => {
    const { loadInputs } = await import("../../lib/inputs/load");
    const { findWave } = await import("../../lib/verify/target");
    const { progressDeadline } = await import("../../lib/verify/config");
    const { predictedRolloutSeconds } = await import("../../lib/cli/commands/verify-settings");
    const target = findWave((await loadInputs(["agent.yaml"], { cwd: dir })).daemonSets, "agent", "canary");
    const small = predictedRolloutSeconds(target, 3)!;
    const large = predictedRolloutSeconds(target, 300)!;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small * 10); // maxUnavailable 1: one node at a time
    expect(progressDeadline(600, small)).toBe(600);
    expect(progressDeadline(600, large)).toBe(Math.ceil(large * 1.5));
    expect(predictedRolloutSeconds(target, 0)).toBeUndefined();
  });
});
