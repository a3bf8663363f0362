import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";

describe("the seed example (examples/seed-three-waves), synthesized", () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), "wavegate-seed-"));
    process.env.CDKTF_OUTDIR = outdir;
    process.env.CHECKPOINT_DISABLE = "1";
    jest.isolateModules(() => {
      // The example synthesizes when loaded, into CDKTF_OUTDIR.
      jest.requireActual("../../examples/seed-three-waves/main");
    });
  });

  afterAll(() => {
    delete process.env.CDKTF_OUTDIR;
    rmSync(outdir, { recursive: true, force: true });
  });

  test("loads as a cdktf.out: one stack, three waves of one agent", async () => {
    const load = await loadInputs([outdir]);
    expect(load.stacks).toEqual(["seed-three-waves"]);
    expect(load.files).toEqual([path.join(outdir, "stacks/seed-three-waves/cdk.tf.json")]);
    const paths = load.daemonSets.map((d) => d.source.constructPath ?? "").sort();
    expect(paths).toHaveLength(3);
    ["canary", "production", "staging"].forEach((wave, i) =>
      expect(paths[i]).toMatch(new RegExp(`^seed-three-waves/cloud-sec-agent/.*${wave}$`)),
    );
  });

  test("passes the policy with zero errors", async () => {
    const report = runPolicy(await loadInputs([outdir]));
    const errors = report.findings.filter(
      (f) => (f.outcome === "fail" && f.severity === "error") || f.outcome === "error",
    );
    expect(errors).toEqual([]);
    // The rollout rules all pass on every wave (warnings left are image digests and hardening).
    for (const id of ["WG101", "WG102", "WG104", "WG105", "WG106", "WG107", "WG108"]) {
      expect(report.findings.filter((f) => f.ruleId === id).map((f) => f.outcome)).toEqual([
        "pass",
        "pass",
        "pass",
      ]);
    }
  });
});
