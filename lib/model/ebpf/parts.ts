/** Small building blocks of the eBPF agent pod: probes, resources, kernel gating, seccomp. Pure. */
import { show, ValidationError } from "../errors";
import {
  Container,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Probe,
  ResourceRequirements,
  SeccompProfile,
} from "../k8s";
import { kernelAtLeastTerms, KernelVersion, NFD_KERNEL_LABELS } from "./kernel";

/** The agent's local HTTP health endpoint; the startup, liveness and readiness probes all use it. */
export interface HealthEndpoint {
  /** Container port the endpoint listens on (also declared as the container port named `health`). */
  readonly port: number;
  /**
   * Path the readiness probe calls: Ready means the programs are loaded and attached.
   * @default "/readyz"
   */
  readonly readinessPath?: string;
  /**
   * Path the liveness probe calls.
   * @default "/healthz"
   */
  readonly livenessPath?: string;
  /**
   * Path the startup probe calls.
   * @default the liveness path
   */
  readonly startupPath?: string;
  /**
   * HTTP or HTTPS.
   * @default "HTTP"
   */
  readonly scheme?: "HTTP" | "HTTPS";
  /**
   * How long the agent may take to start (load BTF, compile and attach programs) before it is restarted.
   * @default 300
   */
  readonly startupSeconds?: number;
}

/** Compute resources of the agent container. A memory limit is always set. */
export interface AgentResources {
  /**
   * CPU request.
   * @default "100m"
   */
  readonly cpu?: string;
  /**
   * Memory request.
   * @default "256Mi"
   */
  readonly memory?: string;
  /**
   * Memory limit (at least the request).
   * @default "512Mi", or the memory request when one is given
   */
  readonly memoryLimit?: string;
  /**
   * CPU limit. Usually left unset: throttling an agent delays its event processing.
   * @default none
   */
  readonly cpuLimit?: string;
}

/**
 * Where the agent may be scheduled, by node labels, so it only lands where its programs can load. Merged (AND) into
 * every wave's required node affinity.
 */
export interface KernelGating {
  /**
   * Require Node Feature Discovery's kernel-version labels to say `>= minKernel`
   * (`feature.node.kubernetes.io/kernel-version.major` / `.minor`). Nodes without NFD labels get no agent.
   * @default false
   */
  readonly kernelVersion?: boolean;
  /**
   * Require `feature.node.kubernetes.io/kernel-config.DEBUG_INFO_BTF=true` (add `DEBUG_INFO_BTF` to NFD's
   * `sources.kernel.configOpts` so it is published).
   * @default false
   */
  readonly btf?: boolean;
  /**
   * Any other labels the nodes must carry, label -> value (`In`), e.g. `{ "example.com/bpf-lsm": "true" }`.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Raw node selector requirements (In, NotIn, Exists, DoesNotExist, Gt, Lt), ANDed with the rest.
   * @default none
   */
  readonly expressions?: readonly NodeSelectorRequirement[];
}

/** The seccomp profile: the runtime's default, or a profile file on the node (relative to the kubelet's seccomp dir). */
export type SeccompChoice = "RuntimeDefault" | { readonly localhostProfile: string };

/** The three probes on the health endpoint. */
export function healthProbes(
  health: HealthEndpoint,
): Required<Pick<Container, "startupProbe" | "livenessProbe" | "readinessProbe">> {
  if (health === undefined || !Number.isInteger(health.port) || health.port < 1 || health.port > 65535) {
    throw new ValidationError(
      "health.port",
      `${show(health?.port)} is not a port`,
      "Give the port of the agent's local health endpoint, 1-65535, e.g. health: { port: 9090 }.",
    );
  }
  const path = (value: string | undefined, fallback: string, field: string): string => {
    const p = value ?? fallback;
    if (typeof p !== "string" || !p.startsWith("/")) {
      throw new ValidationError(`health.${field}`, `${show(p)} is not an HTTP path`, 'Start it with "/".');
    }
    return p;
  };
  const startupSeconds = health.startupSeconds ?? 300;
  if (!Number.isInteger(startupSeconds) || startupSeconds < 10) {
    throw new ValidationError(
      "health.startupSeconds",
      `${show(startupSeconds)} is too short to load eBPF programs`,
      "Use a whole number of seconds, at least 10 (default 300).",
    );
  }
  const scheme = health.scheme ?? "HTTP";
  const get = (p: string) => ({ httpGet: { path: p, port: health.port, scheme } });
  const liveness = path(health.livenessPath, "/healthz", "livenessPath");
  return {
    startupProbe: {
      ...get(path(health.startupPath, liveness, "startupPath")),
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: Math.ceil(startupSeconds / 5),
    },
    livenessProbe: { ...get(liveness), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    readinessProbe: {
      ...get(path(health.readinessPath, "/readyz", "readinessPath")),
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 3,
    } satisfies Probe,
  };
}

const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bytes in a memory quantity such as `"256Mi"`, `"1G"` or `"1048576"`; undefined when it is not one. */
export function memoryBytes(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(q).trim());
  return m === null ? undefined : Number(m[1]) * UNITS[m[2] ?? ""];
}

/** Requests and a memory limit; checks the limit is at least the request. */
export function agentResources(r: AgentResources = {}): ResourceRequirements {
  const memory = r.memory ?? "256Mi";
  const memoryLimit = r.memoryLimit ?? (r.memory !== undefined ? r.memory : "512Mi");
  const req = memoryBytes(memory);
  const lim = memoryBytes(memoryLimit);
  if (req === undefined) {
    throw new ValidationError(
      "resources.memory",
      `${show(memory)} is not a memory quantity`,
      'Use e.g. "256Mi".',
    );
  }
  if (lim === undefined) {
    throw new ValidationError(
      "resources.memoryLimit",
      `${show(memoryLimit)} is not a memory quantity`,
      'Use e.g. "512Mi".',
    );
  }
  if (lim < req) {
    throw new ValidationError(
      "resources.memoryLimit",
      `${show(memoryLimit)} is below the memory request ${show(memory)}`,
      "Set the limit at or above the request.",
    );
  }
  const limits: Record<string, string> = { memory: memoryLimit };
  if (r.cpuLimit !== undefined) limits.cpu = r.cpuLimit;
  return { requests: { cpu: r.cpu ?? "100m", memory }, limits };
}

const GATE_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

/** The required node selector terms of the kernel gating, or undefined when there is none. */
export function kernelGateTerms(
  gating: KernelGating | undefined,
  kernel: KernelVersion,
): NodeSelectorTerm[] | undefined {
  if (gating === undefined) return undefined;
  const extra: NodeSelectorRequirement[] = [];
  if (gating.btf === true) extra.push({ key: NFD_KERNEL_LABELS.btf, operator: "In", values: ["true"] });
  for (const [key, value] of Object.entries(gating.labels ?? {})) {
    extra.push({ key, operator: "In", values: [value] });
  }
  (gating.expressions ?? []).forEach((e, i) => {
    if (typeof e?.key !== "string" || e.key === "" || !GATE_OPERATORS.includes(e.operator)) {
      throw new ValidationError(
        `kernelGating.expressions[${i}]`,
        `${show(e)} is not a node selector requirement`,
        `Give a label key and one of ${GATE_OPERATORS.join(", ")}.`,
      );
    }
    extra.push({ ...e, values: e.values === undefined ? undefined : [...e.values] });
  });
  const base: NodeSelectorTerm[] =
    gating.kernelVersion === true ? kernelAtLeastTerms(kernel) : [{ matchExpressions: [] }];
  if (extra.length === 0 && gating.kernelVersion !== true) return undefined;
  return base.map((t) => ({ matchExpressions: [...(t.matchExpressions ?? []), ...extra] }));
}

/** The seccomp profile for a choice. */
export function seccompProfile(choice: SeccompChoice | undefined): SeccompProfile {
  if (choice === undefined || choice === "RuntimeDefault") return { type: "RuntimeDefault" };
  const p = typeof choice === "object" ? choice.localhostProfile : undefined;
  if (typeof p !== "string" || p.trim() === "" || p.startsWith("/")) {
    throw new ValidationError(
      "seccompProfile",
      `${show(choice)} is not a seccomp profile`,
      'Use "RuntimeDefault" or { localhostProfile: "profiles/agent.json" } (relative to the kubelet\'s seccomp directory).',
    );
  }
  return { type: "Localhost", localhostProfile: p };
}
