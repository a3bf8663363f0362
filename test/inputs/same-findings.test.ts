import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runCli } from "../../lib/cli/main";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";

/**
 * The same un-staged configuration — one `kubernetes_daemonset`, `max_unavailable = "10%"`, no readiness probe,
 * a `latest` image — written in every input format wavegate reads. The gate must judge them alike.
 */
const FORMATS = {
  hcl: "unstaged.tf",
  "tf-json": "unstaged.tf.json",
  "plan-json": "unstaged.plan.json",
  "k8s-yaml": "unstaged.yaml",
} as const;
const fixture = (name: string) => path.join(__dirname, "fixtures", name);

/** Rule ID, severity and outcome of every finding, in a stable order. */
async function verdicts(file: string): Promise<string[]> {
  const load = await loadInputs([file]);
  expect(load.daemonSets).toHaveLength(1);
  return runPolicy(load)
    .findings.map((f) => `${f.ruleId} ${f.severity} ${f.outcome}`)
    .sort();
}

describe("the same un-staged configuration in HCL, tf.json, plan JSON and YAML", () => {
  let reference: string[];
  beforeAll(async () => {
    reference = await verdicts(fixture(FORMATS["tf-json"]));
  });

  test("the reference (tf.json) fails the documented rules", () => {
    for (const failing of ["WG101 error fail", "WG104 error fail", "WG109 error fail"]) {
      expect(reference).toContain(failing);
    }
  });

  test.each(Object.entries(FORMATS))(
    "%s (%s) gives the same rule IDs, severities and outcomes",
    async (format, file) => {
      const load = await loadInputs([fixture(file)]);
      expect(load.daemonSets[0].source.format).toBe(format);
      expect(await verdicts(fixture(file))).toEqual(reference);
    },
  );

  test("they load to the same Kubernetes manifest", async () => {
    const manifests = await Promise.all(
      Object.values(FORMATS).map(async (file) => (await loadInputs([fixture(file)])).daemonSets[0].manifest),
    );
    // The plan spells provider defaults the others leave out; compare the fields the rules read.
    const pick = (m: (typeof manifests)[number]) => ({
      metadata: m.metadata,
      strategy: m.spec.updateStrategy,
      selector: m.spec.selector,
      containers: m.spec.template.spec.containers.map((c) => ({
        name: c.name,
        image: c.image,
        readinessProbe: c.readinessProbe,
        containerPort: c.ports?.[0].containerPort,
      })),
    });
    for (const m of manifests.slice(1)) expect(pick(m)).toEqual(pick(manifests[0]));
  });

  test("`wavegate check` fails the gate (exit 1) on each of them", async () => {
    for (const file of Object.values(FORMATS)) {
      const io = {
        out: () => undefined,
        err: () => undefined,
        isTty: false,
        cwd: fixture(""),
        readStdin: async () => "",
      };
      expect(await runCli(["check", file], io)).toBe(1);
    }
  });

  test("the gate reads the YAML `wavegate manifests` prints from HCL the same way", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wavegate-same-"));
    try {
      let out = "";
      const io = {
        out: (t: string) => void (out += t),
        err: () => undefined,
        isTty: false,
        cwd: dir,
        readStdin: async () => "",
      };
      expect(await runCli(["manifests", fixture(FORMATS.hcl)], io)).toBe(0);
      writeFileSync(path.join(dir, "printed.yaml"), out);
      expect(await verdicts(path.join(dir, "printed.yaml"))).toEqual(reference);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a value unknown in HCL makes the rule that needs it not applicable, in HCL and plan JSON alike", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wavegate-unknown-"));
    try {
      const hcl = readFileSync(fixture(FORMATS.hcl), "utf8").replace(
        'max_unavailable = "10%"',
        "max_unavailable = var.cap",
      );
      writeFileSync(path.join(dir, "main.tf"), hcl);
      const plan = JSON.parse(readFileSync(fixture(FORMATS["plan-json"]), "utf8"));
      const change = plan.resource_changes[0].change;
      delete change.after.spec[0].strategy[0].rolling_update[0].max_unavailable;
      change.after_unknown.spec[0].strategy = [{ rolling_update: [{ max_unavailable: true }] }];
      delete plan.planned_values;
      writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
      for (const file of ["main.tf", "plan.json"]) {
        const findings = runPolicy(
          await loadInputs([path.join(dir, file)], { format: file === "main.tf" ? "hcl" : "plan-json" }),
        ).findings;
        const wg102 = findings.filter((f) => f.ruleId === "WG102");
        expect(wg102.map((f) => f.outcome)).toEqual(["not-applicable"]);
        expect(wg102[0].message).toMatch(/unknown/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
