/** Shared helpers of the EbpfAgent tests: build an agent in a scope, synthesize, and read the DaemonSets back. */
import { Testing } from "cdktf";
import { EbpfAgent, EbpfAgentProps, NodePool } from "../../lib";

/** Any JSON object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Props of a small three-wave agent; `over` replaces fields. */
export function agentProps(over: Partial<EbpfAgentProps> = {}): EbpfAgentProps {
  return {
    name: "probe-agent",
    image: "registry.example/security/probe-agent",
    versions: { canary: "v1.1.0", staging: "v1.0.0", production: "v1.0.0" },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev") },
      { name: "staging", pool: NodePool.eksNodegroup("staging") },
      { name: "production" },
    ],
    programs: ["tracing"],
    health: { port: 9090 },
    ...over,
  };
}

/** Synthesizes an agent and returns its `kubernetes_daemon_set_v1` resources keyed by `metadata.name`. */
export function synthDaemonSets(props: EbpfAgentProps): Record<string, Json> {
  const json = JSON.parse(Testing.synthScope((scope) => new EbpfAgent(scope, "agent", props)));
  const out: Record<string, Json> = {};
  for (const r of Object.values(json.resource?.kubernetes_daemon_set_v1 ?? {}) as Json[]) {
    out[r.metadata.name] = r;
  }
  return out;
}

/** The production (catch-all) DaemonSet of a synthesized agent. */
export function productionDaemonSet(props: EbpfAgentProps): Json {
  return synthDaemonSets(props)[props.name];
}

/** The agent container of a synthesized DaemonSet. */
export function container(ds: Json): Json {
  return ds.spec.template.spec.container[0];
}

/** The container's added capabilities. */
export function added(ds: Json): string[] {
  return container(ds).security_context.capabilities.add;
}
