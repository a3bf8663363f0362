/**
 * A real `terraform init` + `plan` (which validates first) + `show -json` of the EKS wave pools stack
 * (examples/eks-wave-pools), offline: the AWS provider comes from the local filesystem mirror, the credentials are
 * fake and never checked, and the stack reads no data source (each would call AWS at plan time). Skipped, saying why, where terraform or the mirror is
 * missing; set WAVEGATE_TF_MIRROR to a mirror directory (holding registry.terraform.io/) elsewhere.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { App } from "cdktf";
import { buildApp } from "../../examples/eks-wave-pools/stacks";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";
import { Json } from "./helpers";
import { ProviderServer, startProviderServer } from "./provider-server";

const AWS_PROVIDER = join("registry.terraform.io", "hashicorp", "aws");

function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "terraform"))) return join(dir, "terraform");
  }
  return undefined;
}

function findMirror(): string | undefined {
  const candidates = [
    process.env.WAVEGATE_TF_MIRROR,
    "/opt/tf-plugins",
    "/usr/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
  ];
  return candidates.find((d): d is string => d !== undefined && existsSync(join(d, AWS_PROVIDER)));
}

const terraform = findTerraform();
const mirror = findMirror();
const missing =
  terraform === undefined
    ? "terraform is not on PATH"
    : mirror === undefined
      ? `no filesystem mirror holding ${AWS_PROVIDER} (set WAVEGATE_TF_MIRROR)`
      : undefined;

const suite = missing === undefined ? describe : describe.skip;
if (missing !== undefined) {
  // Skipped, and saying so where the run is read (jest lists a skipped suite only as a count).
  console.warn(`test/pools/eks-terraform.test.ts: terraform init/plan SKIPPED: ${missing}`);
}

suite(
  `terraform init + plan (validating) of the EKS wave pools stack, offline${missing ? ` (SKIPPED: ${missing})` : ""}`,
  () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let stackDir: string;
    const tf = (...args: string[]) =>
      execFileSync(terraform as string, args, { cwd: stackDir, env, stdio: "pipe", encoding: "utf8" });
    const tfAsync = async (...args: string[]) =>
      (await promisify(execFile)(terraform as string, args, { cwd: stackDir, env, encoding: "utf8" })).stdout;
    // Every command that needs the AWS provider's schema costs seconds of CPU (one provider process serves them all,
    // but each still decodes the schema), so the stack is planned once, and `plan` is also the validation: it runs the same `Core.Validate` walk
    // as `terraform validate` before planning (OpValidation in internal/backend/local/backend_local.go, localRun;
    // validate itself calls it in internal/command/validate.go). `-json` gives its diagnostics as data.
    let planned: Promise<string>;
    let server: ProviderServer | undefined;

    beforeAll(async () => {
      // One provider process for plan and show (test/pools/provider-server.ts), started while the stack is
      // synthesized and initialised; where it cannot start, terraform starts the provider itself.
      const serving = startProviderServer(mirror as string, AWS_PROVIDER);
      dir = mkdtempSync(join(tmpdir(), "wavegate-tf-"));
      const app = new App({ outdir: join(dir, "cdktf.out") });
      buildApp(app, {
        region: "eu-central-1",
        accessKey: "AKIAWAVEGATEFAKE0000",
        secretKey: "wavegate-fake-secret-key-never-used",
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: "true",
        skipRegionValidation: true,
      });
      app.synth();
      stackDir = join(dir, "cdktf.out", "stacks", "eks-wave-pools");
      const config = join(dir, "terraform.rc");
      writeFileSync(
        config,
        `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
      );
      env = {
        ...process.env,
        TF_CLI_CONFIG_FILE: config,
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        TF_DATA_DIR: join(dir, ".terraform"),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      };
      tf("init", "-input=false", "-no-color");
      server = await serving;
      if (server !== undefined) env = { ...env, TF_REATTACH_PROVIDERS: server.reattach };
      planned = tfAsync(
        "plan",
        "-json",
        "-input=false",
        "-no-color",
        "-lock=false",
        "-refresh=false",
        "-out",
        join(dir, "plan.out"),
      );
      // Observed by the tests; a rejection here must not be reported as unhandled before they await it.
      planned.catch(() => undefined);
    }, 120_000);

    afterAll(() => {
      server?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("the pools stack holds only the AWS provider and no data source", () => {
      const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as Json;
      expect(Object.keys(json.provider)).toEqual(["aws"]);
      expect(json.data).toBeUndefined();
      expect(Object.keys(json.resource)).toEqual(["aws_eks_node_group"]);
    });

    /** The machine-readable UI messages of `terraform plan -json` (one JSON object a line). */
    const planMessages = async () =>
      (await planned)
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Json);

    test("terraform validates it: the plan's validation walk reports no error", async () => {
      const messages = await planMessages();
      const errors = messages.filter((m) => m.type === "diagnostic" && m.diagnostic.severity === "error");
      expect(errors).toEqual([]);
      // The plan ran to its end (a validation error stops it before any change is planned).
      expect(messages.filter((m) => m.type === "change_summary")).toHaveLength(1);
    }, 60_000);

    test("terraform plan creates three node groups in wave order, and check reads them from the plan", async () => {
      const summary = (await planMessages()).find((m) => m.type === "change_summary");
      expect(summary?.["@message"]).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy/);
      const planJson = join(dir, "plan.json");
      writeFileSync(planJson, tf("show", "-json", join(dir, "plan.out")));
      const plan = JSON.parse(readFileSync(planJson, "utf8")) as Json;
      const changes = (plan.resource_changes as Json[]).filter((c) => c.type === "aws_eks_node_group");
      expect(changes.map((c) => c.change.actions)).toEqual([["create"], ["create"], ["create"]]);
      const byName = Object.fromEntries(changes.map((c) => [c.change.after.node_group_name, c.change.after]));
      expect(byName.canary).toMatchObject({
        labels: { "wavegate.dev/pool": "canary" },
        taint: [{ key: "wavegate.dev/pool", value: "canary", effect: "NO_SCHEDULE" }],
        scaling_config: [{ min_size: 1, max_size: 2, desired_size: 1 }],
        update_config: [{ max_unavailable: 1 }],
        release_version: "1.30.4-20240917",
      });
      expect(byName.staging.update_config[0].max_unavailable_percentage).toBe(10);
      const load = await loadInputs([planJson]);
      expect((load.nodePools ?? []).map((p) => [p.name, p.labels["wavegate.dev/pool"], p.size])).toEqual([
        ["canary", "canary", { min: 1, max: 2, desired: 1 }],
        ["production", "production", { min: 200, max: 800, desired: 300 }],
        ["staging", "staging", { min: 20, max: 60, desired: 30 }],
      ]);
      // The plan's node groups and the agent stack together: WG111 passes every wave.
      const agent = join(dir, "cdktf.out", "stacks", "eks-wave-agent", "cdk.tf.json");
      const report = runPolicy(await loadInputs([planJson, agent]));
      const wg111 = report.findings.filter((f) => f.ruleId === "WG111");
      expect(Object.fromEntries(wg111.map((f) => [f.wave, f.outcome]))).toEqual({
        canary: "pass",
        staging: "pass",
        production: "pass",
      });
    }, 120_000);
  },
);
