import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";
import { Tf } from "./helpers";
import { cli } from "./rules/release-helpers";

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

  test("per-wave content: each wave mounts its own ConfigMap (WG304 passes), the content hash on each wave", async () => {
    const load = await loadInputs([outdir]);
    const report = runPolicy(load);
    expect(report.findings.filter((f) => f.ruleId === "WG304").map((f) => f.outcome)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
    const stackJson = JSON.parse(readFileSync(load.files[0], "utf8"));
    expect(Object.keys(stackJson.resource.kubernetes_config_map_v1)).toHaveLength(3);
    const hashes = load.daemonSets.map((d) => d.manifest.metadata.annotations?.["wavegate.dev/content-hash"]);
    expect(hashes.every((h) => /^sha256:[a-f0-9]{64}$/.test(h ?? ""))).toBe(true);
  });

  test("a shared-arg change to the seed example reaches every wave: check --baseline fails WG301", async () => {
    const baseline = load_(outdir);
    const changed = JSON.parse(readFileSync(baseline, "utf8"));
    for (const ds of Object.values(changed.resource.kubernetes_daemon_set_v1) as Tf[]) {
      ds.spec.template.spec.container[0].args = ["--log-level=debug"];
    }
    const dir = mkdtempSync(path.join(tmpdir(), "wavegate-seed-changed-"));
    writeFileSync(path.join(dir, "changed.tf.json"), JSON.stringify(changed));
    const r = await cli(dir, ["check", "changed.tf.json", "--baseline", baseline]);
    expect(r.code).toBe(1);
    expect(r.out.match(/WG301 error/g)).toHaveLength(3);
    expect(r.out).toMatch(
      /this change reaches 3 waves of cloud-sec-agent at once \(canary, staging, production\)/,
    );
    // The same file against itself as baseline: nothing changed, WG301 passes.
    expect((await cli(dir, ["check", baseline, "--baseline", baseline])).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** The stack's cdk.tf.json in a cdktf.out. */
function load_(out: string): string {
  return path.join(out, "stacks/seed-three-waves/cdk.tf.json");
}
