import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { runCli } from "../../../lib/cli/main";
import { CliIo } from "../../../lib/cli/io";
import { LoadedDaemonSet } from "../../../lib/inputs/types";
import { planStagedDaemonSet, StagedDaemonSetProps } from "../../../lib/constructs/staged-daemon-set";
import { NodePool } from "../../../lib/model";
import { threeWaveAgent } from "../../helpers/staged-agent";
import { Tf } from "../helpers";

/** Props of a clean three-wave agent (canary, staging, production). */
export function agentProps(overrides: Partial<StagedDaemonSetProps> = {}): StagedDaemonSetProps {
  return {
    name: "agent",
    namespace: "kube-system",
    image: "registry.example/agent",
    versions: { canary: "v1.1.0", staging: "v1.0.0", production: "v1.0.0" },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 10 },
      { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
      { name: "production", nodes: 1000 },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
    ...overrides,
  };
}

/** The waves of `props` as loaded DaemonSets (as Kubernetes YAML would load them). */
export function loaded(props: StagedDaemonSetProps = agentProps()): LoadedDaemonSet[] {
  // The constructs refuse what these rules fail; the rule tests build such waves on purpose, so the construct-time
  // policy is told to accept them (the rules themselves still run on what is returned).
  const planned = planStagedDaemonSet({
    ...props,
    policy: { suppressions: [{ ruleId: "WG304", reason: "rule tests build shared content on purpose" }] },
  });
  return planned.map(({ manifest }) => ({
    source: {
      file: "agent.yaml",
      format: "k8s-yaml",
      address: `DaemonSet/kube-system/${manifest.metadata.name}`,
    },
    kind: "DaemonSet",
    manifest,
    cluster: "default",
  }));
}

/** The synthesized Terraform JSON of the clean three-wave agent. */
export function stagedTfJson(): Tf {
  const app = Testing.app();
  const stack = new TerraformStack(app, "staged");
  threeWaveAgent(stack);
  return JSON.parse(Testing.synth(stack));
}

/**
 * A `terraform show -json` plan of a Terraform JSON's DaemonSets: the wave whose resource key contains a name in
 * `actions` gets those actions, the others `no-op`; `extra` adds resource changes (ConfigMaps).
 */
export function planOf(tf: Tf, actions: Record<string, string[]>, extra: Tf[] = []): Tf {
  const changes = Object.entries(tf.resource.kubernetes_daemon_set_v1 as Record<string, Tf>).map(
    ([key, body]) => {
      const { "//": _meta, depends_on: _deps, provider: _p, ...values } = body;
      const wave = Object.keys(actions).find((w) => key.includes(`_${w}_`));
      return {
        address: `kubernetes_daemon_set_v1.${key}`,
        mode: "managed",
        type: "kubernetes_daemon_set_v1",
        name: key,
        change: {
          actions: wave ? actions[wave] : ["no-op"],
          before: values,
          after: values,
          after_unknown: {},
        },
      };
    },
  );
  return { format_version: "1.2", terraform_version: "1.11.4", resource_changes: [...changes, ...extra] };
}

/** Runs the CLI in `cwd` with a fake terminal. */
export async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => "",
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** A fresh temp directory holding `files`. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-release-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
