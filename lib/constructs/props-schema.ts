/**
 * Shape and syntax of every construct prop, checked FIRST (before any other validation reads a field), so a
 * wrong-shaped prop is a `ValidationError` naming the field, never a `TypeError` deep inside, and what Kubernetes or
 * Terraform would reject at apply is refused at construct time (see lib/model/k8s-names.ts for the sources).
 *
 * Types are strict where Terraform would convert: `privileged: "1"` is refused (the type says boolean), `args:
 * "--verbose"` is refused (a string is not a list: spread, it would be split into characters).
 * The schemas are built on first use, so `require("wavegate")` does not pay for them.
 */
import { TerraformProvider } from "cdktf";
import { z } from "zod";
import { MAX_ZONES } from "../model/contract";
import { show } from "../model/errors";
import {
  annotationsSizeProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  durationProblem,
  hasWhitespace,
  INT32_MAX,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
} from "../model/k8s-names";
import { NodePool } from "../model/node-pool";
import { parse } from "./props-errors";

type Check = (value: string) => string | undefined;

/** A string checked by `check`; `what` names the kind of value, `fix` says what to write instead. */
function checked(check: Check, what: string, fix: string): z.ZodType<string> {
  return z.string().superRefine((value, ctx) => {
    const reason = check(value);
    if (reason !== undefined) {
      const message = `${show(value)} is not a valid ${what} (${reason})`;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { fix } });
    }
  });
}

function refused(message: string, fix: string, ctx: z.RefinementCtx): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { fix } });
}

interface Schemas {
  staged: z.ZodTypeAny;
  ebpf: z.ZodTypeAny;
  waveNodes: z.ZodTypeAny;
}

let built: Schemas | undefined;

function schemas(): Schemas {
  if (built !== undefined) return built;
  const int32 = (min = 0) => z.number().int().min(min).max(INT32_MAX);
  const int64 = (min = 0) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
  const dnsLabel = checked(
    dns1123LabelProblem,
    "name",
    "Use lower-case letters, digits and '-', at most 63 characters.",
  );
  const subdomain = checked(
    dns1123SubdomainProblem,
    "name",
    "Use a DNS-1123 subdomain, e.g. system-node-critical.",
  );
  const labelKey = checked(
    qualifiedNameProblem,
    "label key",
    'Use an optional DNS prefix and a name, e.g. "example.com/team".',
  );
  const labelValue = checked(
    labelValueProblem,
    "label value",
    "Use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
  );
  const labels = z.record(labelKey, labelValue);
  const annotations = z.record(labelKey, z.string()).superRefine((a, ctx) => {
    const problem = annotationsSizeProblem(a);
    if (problem !== undefined) refused(`the annotations ${problem}`, "Keep annotations small.", ctx);
  });
  const noSpace = (what: string) =>
    checked(
      (v) => (hasWhitespace(v) ? "contains whitespace" : undefined),
      what,
      `Write the ${what} without spaces, e.g. "registry.example/agent".`,
    );
  const port = z.union([
    int32(1).max(65535),
    checked(portNameProblem, "port name", "Use 1-65535 or a named port."),
  ]);
  const strings = z.array(z.string());
  const probe = z
    .object({
      httpGet: z
        .object({
          path: z.string().optional(),
          port,
          scheme: z.enum(["HTTP", "HTTPS"]).optional(),
          host: z.string().optional(),
        })
        .optional(),
      tcpSocket: z.object({ port }).optional(),
      exec: z.object({ command: strings.min(1) }).optional(),
      grpc: z.object({ port: int32(1).max(65535), service: z.string().optional() }).optional(),
      initialDelaySeconds: int32().optional(),
      periodSeconds: int32().optional(),
      timeoutSeconds: int32().optional(),
      failureThreshold: int32().optional(),
      successThreshold: int32().optional(),
    })
    .superRefine((p, ctx) => {
      const handlers = ["httpGet", "tcpSocket", "exec", "grpc"].filter(
        (h) => (p as Record<string, unknown>)[h] !== undefined,
      );
      if (handlers.length !== 1) {
        refused(
          handlers.length === 0 ? "the probe has no handler" : `the probe has ${handlers.join(" and ")}`,
          'Give exactly one of httpGet, tcpSocket, exec or grpc, e.g. { httpGet: { path: "/healthz", port: 9090 } }.',
          ctx,
        );
      }
    });
  const capabilities = z.object({ add: strings.optional(), drop: strings.optional() });
  const seccomp = z.object({
    type: z.enum(["RuntimeDefault", "Localhost", "Unconfined"]),
    localhostProfile: z.string().optional(),
  });
  const securityContext = z.object({
    privileged: z.boolean().optional(),
    allowPrivilegeEscalation: z.boolean().optional(),
    readOnlyRootFilesystem: z.boolean().optional(),
    runAsUser: int64().optional(),
    runAsGroup: int64().optional(),
    runAsNonRoot: z.boolean().optional(),
    capabilities: capabilities.optional(),
    seccompProfile: seccomp.optional(),
    seLinuxOptions: z.record(z.string(), z.string()).optional(),
  });
  const quantity = checked(
    (v) =>
      /^[+-]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+|[KMGTPE]i?|[munk])?$/.test(v)
        ? undefined
        : "a number with an optional unit",
    "quantity",
    'Use a Kubernetes quantity, e.g. "100m" or "256Mi".',
  );
  const envVar = z.object({
    name: checked(
      (v) => (v === "" || v.includes("=") ? "empty or containing '='" : undefined),
      "variable name",
      "Name it, e.g. LOG_LEVEL.",
    ),
    value: z.string().optional(),
    valueFrom: z.record(z.string(), z.unknown()).optional(),
  });
  const mount = z.object({
    name: dnsLabel,
    mountPath: checked(
      (v) => (v === "" ? "empty" : undefined),
      "mount path",
      'Give an absolute path, e.g. "/host/proc".',
    ),
    readOnly: z.boolean().optional(),
    mountPropagation: z.enum(["None", "HostToContainer", "Bidirectional"]).optional(),
    subPath: z.string().optional(),
  });
  const containerPort = z.object({
    containerPort: int32(1).max(65535),
    name: checked(portNameProblem, "port name", "Use 1-15 lower-case letters, digits and '-'.").optional(),
    protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
    hostPort: int32(0).max(65535).optional(),
    hostIP: z.string().optional(),
  });
  const container = z.object({
    name: dnsLabel,
    image: noSpace("image").optional(),
    imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
    command: strings.optional(),
    args: strings.optional(),
    env: z.array(envVar).optional(),
    ports: z.array(containerPort).optional(),
    resources: z
      .object({
        requests: z.record(z.string(), quantity).optional(),
        limits: z.record(z.string(), quantity).optional(),
      })
      .optional(),
    securityContext: securityContext.optional(),
    volumeMounts: z.array(mount).optional(),
    readinessProbe: probe.optional(),
    livenessProbe: probe.optional(),
    startupProbe: probe.optional(),
    workingDir: z.string().optional(),
    terminationMessagePolicy: z.string().optional(),
  });
  const volume = z.object({
    name: dnsLabel,
    hostPath: z.object({ path: z.string().min(1), type: z.string().optional() }).optional(),
    configMap: z
      .object({ name: subdomain, defaultMode: int32().max(0o777).optional() })
      .passthrough()
      .optional(),
    secret: z
      .object({ secretName: subdomain, defaultMode: int32().max(0o777).optional() })
      .passthrough()
      .optional(),
    emptyDir: z.object({ medium: z.string().optional(), sizeLimit: quantity.optional() }).optional(),
  });
  const toleration = z.object({
    key: labelKey.optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: labelValue.optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: int64(-Number.MAX_SAFE_INTEGER).optional(),
  });
  const object = z.record(z.string(), z.unknown());
  const pod = z.object({
    containers: z.array(container).min(1),
    initContainers: z.array(container).optional(),
    volumes: z.array(volume).optional(),
    affinity: object.optional(),
    nodeSelector: labels.optional(),
    tolerations: z.array(toleration).optional(),
    priorityClassName: subdomain.optional(),
    serviceAccountName: subdomain.optional(),
    automountServiceAccountToken: z.boolean().optional(),
    hostNetwork: z.boolean().optional(),
    hostPID: z.boolean().optional(),
    hostIPC: z.boolean().optional(),
    dnsPolicy: z.enum(["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]).optional(),
    terminationGracePeriodSeconds: int64().optional(),
    securityContext: object.optional(),
    imagePullSecrets: z.array(z.object({ name: subdomain })).optional(),
  });
  const intOrPercent = z.union([int32(), z.string()]);
  const provider = z.custom<TerraformProvider>((p) => TerraformProvider.isTerraformProvider(p), {
    message: "is not a TerraformProvider",
    params: { fix: "Pass the KubernetesProvider construct itself (new KubernetesProvider(stack, ...))." },
  });
  const pool = z.custom<NodePool>((p) => p instanceof NodePool, {
    message: "is not a NodePool",
    params: { fix: 'Build it with a factory, e.g. NodePool.eksNodegroup("dev").' },
  });
  const wave = z.object({
    name: z.string(),
    pool: pool.optional(),
    provider: provider.optional(),
    maxUnavailable: intOrPercent.optional(),
    maxSurge: intOrPercent.optional(),
    minReadySeconds: int32().optional(),
    nodes: int32().optional(),
    zones: int32(1).max(MAX_ZONES).optional(),
  });
  const suppression = z.object({
    ruleId: z.string(),
    reason: z.string(),
    expires: z.string().optional(),
    resource: z.string().optional(),
  });
  const rollout = {
    maxUnavailableCap: intOrPercent.optional(),
    minReadySeconds: int32().optional(),
    revisionHistoryLimit: int32().optional(),
    minWaves: int32(1).optional(),
    rolloutTimeout: checked(
      durationProblem,
      "duration",
      'Use a Terraform duration, e.g. "30m" or "1h30m".',
    ).optional(),
    policy: z
      .object({ suppressions: z.array(suppression).optional(), options: object.optional() })
      .optional(),
  };
  const agent = {
    name: z.string(),
    namespace: dnsLabel.optional(),
    image: noSpace("image repository"),
    versions: z.record(z.string(), noSpace("version")).optional(),
    waves: z.array(wave).min(1),
    labels: labels.optional(),
    annotations: annotations.optional(),
  };
  const staged = z.object({
    ...rollout,
    ...agent,
    pod,
    podMetadata: z.object({ labels: labels.optional(), annotations: annotations.optional() }).optional(),
    agentContainer: z.string().optional(),
  });
  const justification = z.object({ reason: z.string() });
  const ebpf = z.object({
    ...rollout,
    ...agent,
    podLabels: labels.optional(),
    programs: z.array(z.enum(["tracing", "networking", "lsm"])),
    processVisibility: z.boolean().optional(),
    minKernel: z.string().optional(),
    allowSysAdmin: justification.optional(),
    containerName: dnsLabel.optional(),
    health: z.object({
      port: int32(1).max(65535),
      readinessPath: z.string().optional(),
      livenessPath: z.string().optional(),
      startupPath: z.string().optional(),
      scheme: z.enum(["HTTP", "HTTPS"]).optional(),
      startupSeconds: int32().optional(),
    }),
    resources: z
      .object({
        cpu: quantity.optional(),
        memory: quantity.optional(),
        memoryLimit: quantity.optional(),
        cpuLimit: quantity.optional(),
      })
      .optional(),
    env: z.array(envVar).optional(),
    args: strings.optional(),
    volumes: z.array(volume).optional(),
    volumeMounts: z.array(mount).optional(),
    hostNetwork: justification.optional(),
    hostPID: justification.optional(),
    seccompProfile: z
      .union([z.literal("RuntimeDefault"), z.object({ localhostProfile: z.string() })])
      .optional(),
    appArmorUnconfined: justification.optional(),
    kernelGating: z
      .object({
        kernelVersion: z.boolean().optional(),
        btf: z.boolean().optional(),
        labels: labels.optional(),
        expressions: z
          .array(z.object({ key: labelKey, operator: z.string(), values: strings.optional() }))
          .optional(),
      })
      .optional(),
    securityContext: securityContext.omit({ seccompProfile: true }).optional(),
    priorityClassName: subdomain.optional(),
    terminationGracePeriodSeconds: int64().optional(),
    serviceAccountName: subdomain.optional(),
  });
  const waveNodes = z.object({
    nodes: z.array(z.string()), // names checked (empty, duplicate, DNS-1123 subdomain) by WaveNodes' own checks
    labelKey,
    labelValue: labelValue.refine((v) => v !== "", {
      message: "is empty",
      params: { fix: 'Use e.g. "canary".' },
    }),
    taint: z
      .object({
        key: labelKey,
        value: labelValue.optional(),
        effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
      })
      .optional(),
    provider: provider.optional(),
    force: z.boolean().optional(),
  });
  built = { staged, ebpf, waveNodes };
  return built;
}

/** Checks StagedDaemonSet props' shape and syntax; throws a ValidationError naming the first bad field. */
export function checkStagedProps(props: unknown): void {
  parse(schemas().staged, props);
}

/** Checks EbpfAgent props' shape and syntax; throws a ValidationError naming the first bad field. */
export function checkEbpfProps(props: unknown): void {
  parse(schemas().ebpf, props);
}

/** Checks WaveNodes props' shape and syntax; throws a ValidationError naming the first bad field. */
export function checkWaveNodesProps(props: unknown): void {
  parse(schemas().waveNodes, props);
}
