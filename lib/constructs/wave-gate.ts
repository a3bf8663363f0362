/**
 * The deploy-time wave gate: after each wave but the last, a `terraform_data` resource whose `local-exec`
 * provisioner runs `wavegate verify ... --rollback` for the wave just applied; the next wave `depends_on` it, so
 * `cdktf deploy` / `terraform apply` stops at the first wave that fails, with that wave rolled back.
 *
 * Why: the Kubernetes provider's `wait_for_rollout` on a DaemonSet compares `numberReady` only and returns before
 * the new version has rolled out (hashicorp/terraform-provider-kubernetes#2092; fixes #2419/#2789 unmerged).
 * `terraform_data` (Terraform >= 1.4, built in) is cdktf 0.21's `DataResource`; `triggers_replace` holds a hash of
 * the wave's spec, so the gate is replaced — and runs again — whenever that wave changes.
 */
import { createHash } from "node:crypto";
import { DataResource, dependable, TerraformProvider, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { DaemonSet } from "../model/k8s";

/** The `input` key that marks a `terraform_data` resource as a wavegate gate (read back by `wavegate check`, WG110). */
export { GATE_INPUT_MARKER as GATE_MARKER } from "../inputs/gates";
import { GATE_INPUT_MARKER as GATE_MARKER } from "../inputs/gates";

/** How each wave is verified before the next one is applied. */
export interface WaveGateOptions {
  /**
   * Put the gates in. `false` leaves them out (WG110 then warns).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Roll a failed wave back to its previous revision (`wavegate verify --rollback`, as `kubectl rollout undo`).
   * @default true
   */
  readonly rollback?: boolean;
  /**
   * How to run wavegate on the machine that applies.
   * @default "npx --no-install wavegate"
   */
  readonly command?: string;
  /**
   * What verify reads the wave from, relative to the stack's directory (where `terraform apply` runs).
   * @default "cdk.tf.json" (the stack's synthesized Terraform JSON)
   */
  readonly input?: string;
  /**
   * Bake time after the rollout completes.
   * @default "10m" (wavegate verify's default)
   */
  readonly bake?: string;
  /**
   * Progress deadline.
   * @default 10m, or what the simulator predicts for the wave if longer
   */
  readonly deadline?: string;
  /**
   * Kubeconfig file for verify.
   * @default the wave's KubernetesProvider `configPath`, else KUBECONFIG / ~/.kube/config / in-cluster
   */
  readonly kubeconfig?: string;
  /**
   * Kubeconfig context for verify.
   * @default the wave's KubernetesProvider `configContext`, else the current context
   */
  readonly context?: string;
  /**
   * More arguments for `wavegate verify`, e.g. `["--prometheus", "http://prometheus:9090"]`.
   * @default none
   */
  readonly extraArgs?: readonly string[];
}

/** One wave as the gates need it. */
export interface GatedWave {
  /** Wave name. */
  readonly name: string;
  /** The wave's manifest. */
  readonly manifest: DaemonSet;
  /** The wave's resource. */
  readonly resource: DaemonSetV1;
  /** The wave's provider, when it is a cluster of its own. */
  readonly provider?: TerraformProvider;
}

/**
 * Adds a gate after every wave but the last and makes the next wave depend on it. Returns the gates (one per
 * gated wave, in order). Waves in different clusters are gated the same way: the gate runs before the next wave
 * whichever cluster it is in.
 */
export function addWaveGates(
  scope: Construct,
  agent: string,
  waves: readonly GatedWave[],
  options: WaveGateOptions | boolean | undefined,
): DataResource[] {
  if (options === undefined || options === false) return [];
  const o: WaveGateOptions = options === true ? {} : options;
  if (o.enabled === false) return [];
  const gates: DataResource[] = [];
  waves.slice(0, -1).forEach((wave, i) => {
    const next = waves[i + 1];
    const access = providerAccess(wave.provider ?? defaultKubernetesProvider(scope));
    const namespace = wave.manifest.metadata.namespace ?? "default";
    const name = wave.manifest.metadata.name ?? wave.name;
    const args = [
      "verify",
      o.input ?? "cdk.tf.json",
      "--agent",
      agent,
      "--wave",
      wave.name,
      ...((o.kubeconfig ?? access.configPath) ? ["--kubeconfig", (o.kubeconfig ?? access.configPath)!] : []),
      ...((o.context ?? access.configContext) ? ["--context", (o.context ?? access.configContext)!] : []),
      ...(o.bake !== undefined ? ["--bake", o.bake] : []),
      ...(o.deadline !== undefined ? ["--deadline", o.deadline] : []),
      ...(o.rollback === false ? [] : ["--rollback"]),
      ...(o.extraArgs ?? []),
    ];
    const gate = new DataResource(scope, `${wave.name}-gate`, {
      input: { [GATE_MARKER]: `${agent}/${wave.name}`, agent, wave: wave.name, namespace, daemonSet: name },
      triggersReplace: { spec: specHash(wave.manifest) },
      dependsOn: [wave.resource],
      provisioners: [
        {
          type: "local-exec",
          command: [o.command ?? "npx --no-install wavegate", ...args.map(shellQuote)].join(" "),
        },
      ],
    });
    next.resource.dependsOn = [...(next.resource.dependsOn ?? []), dependable(gate)];
    gates.push(gate);
  });
  return gates;
}

/** A hash of the wave's spec and metadata: the gate is replaced (and verifies again) whenever it changes. */
export function specHash(manifest: DaemonSet): string {
  return createHash("sha256")
    .update(JSON.stringify({ metadata: manifest.metadata, spec: manifest.spec }))
    .digest("hex")
    .slice(0, 16);
}

/** Quotes a word for `sh -c` when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function providerAccess(provider: TerraformProvider | undefined): {
  configPath?: string;
  configContext?: string;
} {
  const p = provider as { configPath?: unknown; configContext?: unknown } | undefined;
  const str = (v: unknown) => (typeof v === "string" && !v.includes("${") ? v : undefined);
  return { configPath: str(p?.configPath), configContext: str(p?.configContext) };
}

function defaultKubernetesProvider(scope: Construct): TerraformProvider | undefined {
  const stack = TerraformStack.of(scope);
  return stack.node
    .findAll()
    .find(
      (c): c is TerraformProvider =>
        c instanceof TerraformProvider && c.terraformResourceType === "kubernetes" && c.alias === undefined,
    );
}
