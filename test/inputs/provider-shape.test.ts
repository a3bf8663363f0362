import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { TerraformStack, Testing } from "cdktf";
import fc from "fast-check";
import { camelCase, fromProviderShape, snakeCase, toProviderShape } from "../../lib/inputs/provider-shape";
import { expectToEqual } from "../helpers/expect-equal";

/**
 * The mapping table, field by field. Each row: a Kubernetes path and value, and the provider's path and value.
 * In provider paths, `[]` marks a single block (an object in Terraform JSON as cdktf writes it, an array of one in
 * HCL-to-JSON and plan JSON) and `[0]` an element of a list block (an array in both).
 */
const C = "spec.template.spec.containers[0]";
const TC = "spec[].template[].spec[].container[0]";
const P = "spec.template.spec";
const TP = "spec[].template[].spec[]";
const FIELDS: [k8sPath: string, k8sValue: unknown, tfPath: string, tfValue?: unknown][] = [
  ["metadata.name", "agent", "metadata[].name"],
  ["metadata.namespace", "kube-system", "metadata[].namespace"],
  ["metadata.generateName", "agent-", "metadata[].generate_name"],
  ["metadata.labels", { "app.kubernetes.io/name": "agent", wave_x: "a" }, "metadata[].labels"],
  ["metadata.annotations", { "wavegate.dev/agent": "agent" }, "metadata[].annotations"],
  ["spec.selector.matchLabels", { app: "agent" }, "spec[].selector[].match_labels"],
  ["spec.selector.matchExpressions[0].key", "app", "spec[].selector[].match_expressions[0].key"],
  ["spec.selector.matchExpressions[0].operator", "In", "spec[].selector[].match_expressions[0].operator"],
  ["spec.selector.matchExpressions[0].values", ["a", "b"], "spec[].selector[].match_expressions[0].values"],
  ["spec.updateStrategy.type", "RollingUpdate", "spec[].strategy[].type"],
  [
    "spec.updateStrategy.rollingUpdate.maxUnavailable",
    "10%",
    "spec[].strategy[].rolling_update[].max_unavailable",
  ],
  ["spec.updateStrategy.rollingUpdate.maxSurge", 0, "spec[].strategy[].rolling_update[].max_surge", "0"],
  [
    "spec.updateStrategy.rollingUpdate.maxUnavailable",
    1,
    "spec[].strategy[].rolling_update[].max_unavailable",
    "1",
  ],
  ["spec.minReadySeconds", 30, "spec[].min_ready_seconds"],
  ["spec.revisionHistoryLimit", 10, "spec[].revision_history_limit"],
  ["spec.template.metadata.labels", { app: "agent" }, "spec[].template[].metadata[].labels"],
  ["spec.template.metadata.annotations", { a: "b" }, "spec[].template[].metadata[].annotations"],
  // Pod spec.
  [`${P}.nodeSelector`, { "kubernetes.io/os": "linux" }, `${TP}.node_selector`],
  [`${P}.priorityClassName`, "system-node-critical", `${TP}.priority_class_name`],
  [`${P}.serviceAccountName`, "agent", `${TP}.service_account_name`],
  [`${P}.automountServiceAccountToken`, false, `${TP}.automount_service_account_token`],
  [`${P}.hostNetwork`, true, `${TP}.host_network`],
  [`${P}.hostPID`, true, `${TP}.host_pid`],
  [`${P}.hostIPC`, false, `${TP}.host_ipc`],
  [`${P}.dnsPolicy`, "ClusterFirstWithHostNet", `${TP}.dns_policy`],
  [`${P}.terminationGracePeriodSeconds`, 30, `${TP}.termination_grace_period_seconds`],
  [`${P}.securityContext.runAsUser`, 0, `${TP}.security_context[].run_as_user`, "0"],
  [`${P}.securityContext.runAsGroup`, 1000, `${TP}.security_context[].run_as_group`, "1000"],
  [`${P}.securityContext.runAsNonRoot`, true, `${TP}.security_context[].run_as_non_root`],
  [`${P}.securityContext.fsGroup`, 2000, `${TP}.security_context[].fs_group`, "2000"],
  [
    `${P}.securityContext.seccompProfile.type`,
    "RuntimeDefault",
    `${TP}.security_context[].seccomp_profile[].type`,
  ],
  [`${P}.imagePullSecrets[0].name`, "regcred", `${TP}.image_pull_secrets[0].name`],
  [`${P}.tolerations[0].key`, "node-role", `${TP}.toleration[0].key`],
  [`${P}.tolerations[0].operator`, "Exists", `${TP}.toleration[0].operator`],
  [`${P}.tolerations[0].effect`, "NoExecute", `${TP}.toleration[0].effect`],
  [`${P}.tolerations[0].value`, "x", `${TP}.toleration[0].value`],
  [`${P}.tolerations[0].tolerationSeconds`, 300, `${TP}.toleration[0].toleration_seconds`, "300"],
  [
    `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key`,
    "eks.amazonaws.com/nodegroup",
    `${TP}.affinity[].node_affinity[].required_during_scheduling_ignored_during_execution[].node_selector_term[0].match_expressions[0].key`,
  ],
  [
    `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key`,
    "metadata.name",
    `${TP}.affinity[].node_affinity[].required_during_scheduling_ignored_during_execution[].node_selector_term[0].match_fields[0].key`,
  ],
  [
    `${P}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
    50,
    `${TP}.affinity[].node_affinity[].preferred_during_scheduling_ignored_during_execution[0].weight`,
  ],
  [
    `${P}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values`,
    ["x"],
    `${TP}.affinity[].node_affinity[].preferred_during_scheduling_ignored_during_execution[0].preference[].match_expressions[0].values`,
  ],
  [`${P}.volumes[0].name`, "bpf", `${TP}.volume[0].name`],
  [`${P}.volumes[0].hostPath.path`, "/sys/fs/bpf", `${TP}.volume[0].host_path[].path`],
  [`${P}.volumes[0].hostPath.type`, "DirectoryOrCreate", `${TP}.volume[0].host_path[].type`],
  [`${P}.volumes[0].configMap.name`, "cfg", `${TP}.volume[0].config_map[].name`],
  [`${P}.volumes[0].configMap.defaultMode`, 0o644, `${TP}.volume[0].config_map[].default_mode`, "0644"],
  [`${P}.volumes[0].configMap.optional`, true, `${TP}.volume[0].config_map[].optional`],
  [`${P}.volumes[0].secret.secretName`, "tls", `${TP}.volume[0].secret[].secret_name`],
  [`${P}.volumes[0].secret.defaultMode`, 0o400, `${TP}.volume[0].secret[].default_mode`, "0400"],
  [`${P}.volumes[0].emptyDir.medium`, "Memory", `${TP}.volume[0].empty_dir[].medium`],
  [`${P}.volumes[0].emptyDir.sizeLimit`, "64Mi", `${TP}.volume[0].empty_dir[].size_limit`],
  [`${P}.initContainers[0].name`, "init", `${TP}.init_container[0].name`],
  // Containers.
  [`${C}.name`, "agent", `${TC}.name`],
  [`${C}.image`, "registry.example/agent:v1", `${TC}.image`],
  [`${C}.imagePullPolicy`, "IfNotPresent", `${TC}.image_pull_policy`],
  [`${C}.command`, ["/agent"], `${TC}.command`],
  [`${C}.args`, ["--v", "2"], `${TC}.args`],
  [`${C}.workingDir`, "/", `${TC}.working_dir`],
  [`${C}.terminationMessagePolicy`, "FallbackToLogsOnError", `${TC}.termination_message_policy`],
  [`${C}.terminationMessagePath`, "/dev/termination-log", `${TC}.termination_message_path`],
  [`${C}.env[0].name`, "NODE", `${TC}.env[0].name`],
  [`${C}.env[0].value`, "x", `${TC}.env[0].value`],
  [
    `${C}.env[0].valueFrom.fieldRef.fieldPath`,
    "spec.nodeName",
    `${TC}.env[0].value_from[].field_ref[].field_path`,
  ],
  [`${C}.env[0].valueFrom.fieldRef.apiVersion`, "v1", `${TC}.env[0].value_from[].field_ref[].api_version`],
  [`${C}.env[0].valueFrom.secretKeyRef.key`, "k", `${TC}.env[0].value_from[].secret_key_ref[].key`],
  [`${C}.env[0].valueFrom.configMapKeyRef.name`, "c", `${TC}.env[0].value_from[].config_map_key_ref[].name`],
  [
    `${C}.env[0].valueFrom.resourceFieldRef.containerName`,
    "agent",
    `${TC}.env[0].value_from[].resource_field_ref[].container_name`,
  ],
  [`${C}.envFrom[0].prefix`, "AGENT_", `${TC}.env_from[0].prefix`],
  [`${C}.envFrom[0].configMapRef.name`, "cfg", `${TC}.env_from[0].config_map_ref[].name`],
  [`${C}.envFrom[0].secretRef.optional`, true, `${TC}.env_from[0].secret_ref[].optional`],
  [`${C}.ports[0].containerPort`, 9090, `${TC}.port[0].container_port`],
  [`${C}.ports[0].name`, "health", `${TC}.port[0].name`],
  [`${C}.ports[0].protocol`, "TCP", `${TC}.port[0].protocol`],
  [`${C}.ports[0].hostPort`, 9090, `${TC}.port[0].host_port`],
  [`${C}.ports[0].hostIP`, "127.0.0.1", `${TC}.port[0].host_ip`],
  [`${C}.resources.requests`, { cpu: "100m", memory: "128Mi" }, `${TC}.resources[].requests`],
  [`${C}.resources.limits`, { memory: "256Mi" }, `${TC}.resources[].limits`],
  [`${C}.securityContext.privileged`, false, `${TC}.security_context[].privileged`],
  [
    `${C}.securityContext.allowPrivilegeEscalation`,
    false,
    `${TC}.security_context[].allow_privilege_escalation`,
  ],
  [`${C}.securityContext.readOnlyRootFilesystem`, true, `${TC}.security_context[].read_only_root_filesystem`],
  [`${C}.securityContext.runAsUser`, 65534, `${TC}.security_context[].run_as_user`, "65534"],
  [
    `${C}.securityContext.capabilities.add`,
    ["BPF", "PERFMON"],
    `${TC}.security_context[].capabilities[].add`,
  ],
  [`${C}.securityContext.capabilities.drop`, ["ALL"], `${TC}.security_context[].capabilities[].drop`],
  [
    `${C}.securityContext.seccompProfile.localhostProfile`,
    "agent.json",
    `${TC}.security_context[].seccomp_profile[].localhost_profile`,
  ],
  [`${C}.securityContext.seLinuxOptions.type`, "spc_t", `${TC}.security_context[].se_linux_options[].type`],
  [`${C}.volumeMounts[0].name`, "bpf", `${TC}.volume_mount[0].name`],
  [`${C}.volumeMounts[0].mountPath`, "/sys/fs/bpf", `${TC}.volume_mount[0].mount_path`],
  [`${C}.volumeMounts[0].readOnly`, true, `${TC}.volume_mount[0].read_only`],
  [`${C}.volumeMounts[0].mountPropagation`, "HostToContainer", `${TC}.volume_mount[0].mount_propagation`],
  [`${C}.volumeMounts[0].subPath`, "x", `${TC}.volume_mount[0].sub_path`],
  [`${C}.readinessProbe.httpGet.path`, "/readyz", `${TC}.readiness_probe[].http_get[].path`],
  [`${C}.readinessProbe.httpGet.port`, 9090, `${TC}.readiness_probe[].http_get[].port`, "9090"],
  [`${C}.readinessProbe.httpGet.port`, "health", `${TC}.readiness_probe[].http_get[].port`, "health"],
  [`${C}.readinessProbe.httpGet.scheme`, "HTTPS", `${TC}.readiness_probe[].http_get[].scheme`],
  [
    `${C}.readinessProbe.httpGet.httpHeaders[0].name`,
    "X-Probe",
    `${TC}.readiness_probe[].http_get[].http_header[0].name`,
  ],
  [`${C}.readinessProbe.periodSeconds`, 5, `${TC}.readiness_probe[].period_seconds`],
  [`${C}.readinessProbe.initialDelaySeconds`, 3, `${TC}.readiness_probe[].initial_delay_seconds`],
  [`${C}.readinessProbe.failureThreshold`, 3, `${TC}.readiness_probe[].failure_threshold`],
  [`${C}.readinessProbe.timeoutSeconds`, 1, `${TC}.readiness_probe[].timeout_seconds`],
  [`${C}.readinessProbe.successThreshold`, 1, `${TC}.readiness_probe[].success_threshold`],
  [`${C}.livenessProbe.tcpSocket.port`, 9090, `${TC}.liveness_probe[].tcp_socket[0].port`, "9090"],
  [`${C}.livenessProbe.exec.command`, ["/ok"], `${TC}.liveness_probe[].exec[].command`],
  [`${C}.startupProbe.grpc.port`, 9091, `${TC}.startup_probe[].grpc[0].port`],
  [`${C}.startupProbe.grpc.service`, "health", `${TC}.startup_probe[].grpc[0].service`],
];

type Obj = Record<string, unknown>;

/** Sets `value` at `path`, creating objects; `[0]` creates a list, `[]` a single block (object, or array of one). */
function setPath(root: Obj, path: string, value: unknown, singleBlocksAsArrays = false): Obj {
  const parts = path.match(/[^.[\]]+|\[\d*\]/g)!;
  let here: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    const last = i === parts.length - 1 || (next === "[]" && i === parts.length - 2);
    if (part === "[]") continue;
    if (part === "[0]") {
      here = (here as unknown[])[0] ?? ((here as unknown[])[0] = {});
      continue;
    }
    const obj = (Array.isArray(here) ? here[0] : here) as Obj;
    if (last) {
      obj[part] = value;
      break;
    }
    if (next === "[0]") {
      obj[part] ??= [];
    } else if (next === "[]" && singleBlocksAsArrays) {
      obj[part] ??= [{}];
      here = (obj[part] as unknown[])[0];
      continue;
    } else {
      obj[part] ??= {};
    }
    here = obj[part];
  }
  return root;
}

const k8s = (path: string, value: unknown) => setPath({}, path, value);
const tf = (path: string, value: unknown, arrays = false) => setPath({}, path, value, arrays);

describe("provider shape: field by field", () => {
  test.each(FIELDS)("%s = %j  <->  %s", (k8sPath, k8sValue, tfPath, tfValue = k8sValue) => {
    const manifest = k8s(k8sPath, k8sValue);
    // Kubernetes -> provider (Terraform JSON as cdktf writes it).
    expect(toProviderShape(manifest)).toEqual(tf(tfPath, tfValue));
    // Provider, single blocks as objects (cdktf) -> Kubernetes.
    expect(fromProviderShape(tf(tfPath, tfValue))).toEqual({ metadata: {}, spec: {}, ...manifest });
    // Provider, single blocks as arrays of one (HCL-to-JSON, plan JSON) -> Kubernetes.
    expect(fromProviderShape(tf(tfPath, tfValue, true))).toEqual({ metadata: {}, spec: {}, ...manifest });
  });

  test("all rows together survive the round trip, and no camelCase name reaches the provider shape", () => {
    // One manifest with every row, through the table both ways: nothing lost, nothing renamed by accident.
    const all: Obj = {};
    for (const [path, value] of FIELDS) setPath(all, path, value);
    expect(fromProviderShape(toProviderShape(all))).toEqual(all);
    const keys = JSON.stringify(toProviderShape(all));
    expect(keys).not.toMatch(/"[a-z]+[A-Z]\w*":/); // no camelCase key reached the provider's shape
  });
});

describe("provider shape: against the provider's own schema", () => {
  /** The provider binding's config names: the provider's names in camelCase (jsii), maps left alone. */
  function bindingConfig(value: unknown, key = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => bindingConfig(v, key));
    if (typeof value !== "object" || value === null || MAP_FIELDS.has(key)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), bindingConfig(v, k)]));
  }
  const MAP_FIELDS = new Set([
    "labels",
    "annotations",
    "match_labels",
    "node_selector",
    "requests",
    "limits",
  ]);

  test("every provider name of the table is one the Kubernetes provider knows (its binding keeps them all)", () => {
    const all: Obj = {};
    for (const [path, value] of FIELDS) setPath(all, path, value);
    const shape = toProviderShape(all);
    const stack = new TerraformStack(Testing.app(), "shape");
    // The binding writes only the fields of the provider's schema: a name it does not know is dropped.
    new DaemonSetV1(stack, "all", bindingConfig(shape) as ConstructorParameters<typeof DaemonSetV1>[2]);
    const synthesized = JSON.parse(Testing.synth(stack)).resource.kubernetes_daemon_set_v1.all;
    expect({ metadata: synthesized.metadata, spec: synthesized.spec }).toEqual(shape);
  });
});

describe("provider shape: values", () => {
  test("scalars the provider types as strings are read back whether written as strings or numbers", () => {
    const fromHcl = fromProviderShape({
      spec: [{ min_ready_seconds: "30", template: [{ spec: [{ host_pid: "true" }] }] }],
    });
    expect(fromHcl.spec).toEqual({ minReadySeconds: 30, template: { spec: { hostPID: true } } });
  });

  test("unknown values (Terraform expressions) are kept as written, in any field", () => {
    const expr = "${var.max_unavailable}";
    const read = fromProviderShape({
      spec: [{ strategy: [{ rolling_update: [{ max_unavailable: expr }] }], min_ready_seconds: "${var.x}" }],
    });
    expect(read.spec).toEqual({
      updateStrategy: { rollingUpdate: { maxUnavailable: expr } },
      minReadySeconds: "${var.x}",
    });
  });

  test("fields the table does not know are carried over with their names converted by case", () => {
    const read = fromProviderShape({ spec: { template: { spec: { share_process_namespace: true } } } });
    expect(read.spec).toEqual({ template: { spec: { shareProcessNamespace: true } } });
    expect(toProviderShape({ spec: { template: { spec: { shareProcessNamespace: true } } } })).toEqual({
      spec: { template: { spec: { share_process_namespace: true } } },
    });
  });

  test("null values (unset in plans) are dropped", () => {
    expect(fromProviderShape({ metadata: { name: "a", annotations: null } }).metadata).toEqual({ name: "a" });
  });

  test("snakeCase and camelCase are inverse on Kubernetes-style names", () => {
    expect(snakeCase("requiredDuringSchedulingIgnoredDuringExecution")).toBe(
      "required_during_scheduling_ignored_during_execution",
    );
    expect(camelCase("read_only_root_filesystem")).toBe("readOnlyRootFilesystem");
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]+([A-Z][a-z0-9]+)*$/), (name) => {
        expect(camelCase(snakeCase(name))).toBe(name);
      }),
    );
  });
});

describe("provider shape: round trip of generated manifests", () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
  const labels = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./_-]{0,20}$/), word, { maxKeys: 3 });
  const requirement = fc.record({
    key: word,
    operator: fc.constantFrom("In", "NotIn", "Exists"),
    values: fc.array(word, { maxLength: 3 }),
  });
  const term = fc.record({ matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }) });
  const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/));
  const probe = fc.record(
    {
      httpGet: fc.record(
        { path: fc.constant("/readyz"), port, scheme: fc.constantFrom("HTTP", "HTTPS") },
        { requiredKeys: ["port"] },
      ),
      tcpSocket: fc.record({ port }),
      exec: fc.record({ command: fc.array(word, { minLength: 1, maxLength: 3 }) }),
      grpc: fc.record(
        { port: fc.integer({ min: 1, max: 65535 }), service: word },
        { requiredKeys: ["port"] },
      ),
      periodSeconds: fc.integer({ min: 1, max: 60 }),
      initialDelaySeconds: fc.nat(60),
      failureThreshold: fc.integer({ min: 1, max: 10 }),
    },
    { requiredKeys: [] },
  );
  const container = fc.record(
    {
      name: word,
      image: word.map((w) => `registry.example/${w}:v1`),
      imagePullPolicy: fc.constantFrom("Always", "IfNotPresent", "Never"),
      command: fc.array(word, { maxLength: 3 }),
      args: fc.array(word, { maxLength: 3 }),
      env: fc.array(
        fc.oneof(
          fc.record({ name: word, value: word }),
          fc.record({
            name: word,
            valueFrom: fc.record({ fieldRef: fc.record({ fieldPath: fc.constant("spec.nodeName") }) }),
          }),
        ),
        { maxLength: 2 },
      ),
      ports: fc.array(
        fc.record(
          {
            containerPort: fc.integer({ min: 1, max: 65535 }),
            name: word,
            protocol: fc.constantFrom("TCP", "UDP"),
          },
          { requiredKeys: ["containerPort"] },
        ),
        { maxLength: 2 },
      ),
      resources: fc.record({ requests: labels, limits: labels }, { requiredKeys: [] }),
      securityContext: fc.record(
        {
          privileged: fc.boolean(),
          readOnlyRootFilesystem: fc.boolean(),
          runAsUser: fc.nat(70000),
          capabilities: fc.record(
            { add: fc.array(fc.constantFrom("BPF", "PERFMON", "NET_ADMIN")), drop: fc.constant(["ALL"]) },
            { requiredKeys: [] },
          ),
          seccompProfile: fc.record({ type: fc.constantFrom("RuntimeDefault", "Unconfined") }),
        },
        { requiredKeys: [] },
      ),
      volumeMounts: fc.array(
        fc.record(
          {
            name: word,
            mountPath: word.map((w) => `/${w}`),
            readOnly: fc.boolean(),
            mountPropagation: fc.constantFrom("None", "HostToContainer"),
          },
          { requiredKeys: ["name", "mountPath"] },
        ),
        { maxLength: 2 },
      ),
      readinessProbe: probe,
      livenessProbe: probe,
      startupProbe: probe,
    },
    { requiredKeys: ["name"] },
  );
  const volume = fc.oneof(
    fc.record({
      name: word,
      hostPath: fc.record({ path: word.map((w) => `/${w}`), type: fc.constantFrom("Directory", "") }),
    }),
    fc.record({
      name: word,
      configMap: fc.record({ name: word, defaultMode: fc.integer({ min: 0, max: 0o777 }) }),
    }),
    fc.record({
      name: word,
      secret: fc.record({ secretName: word, optional: fc.boolean() }, { requiredKeys: ["secretName"] }),
    }),
    fc.record({ name: word, emptyDir: fc.record({ medium: fc.constant("Memory") }, { requiredKeys: [] }) }),
  );
  const podSpec = fc.record(
    {
      containers: fc.array(container, { minLength: 1, maxLength: 2 }),
      initContainers: fc.array(container, { maxLength: 1 }),
      volumes: fc.array(volume, { maxLength: 3 }),
      affinity: fc.record({
        nodeAffinity: fc.record(
          {
            requiredDuringSchedulingIgnoredDuringExecution: fc.record({
              nodeSelectorTerms: fc.array(term, { minLength: 1, maxLength: 2 }),
            }),
            preferredDuringSchedulingIgnoredDuringExecution: fc.array(
              fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: term }),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
      }),
      nodeSelector: labels,
      tolerations: fc.array(
        fc.record(
          {
            key: word,
            operator: fc.constantFrom("Exists", "Equal"),
            effect: fc.constantFrom("NoSchedule", "NoExecute"),
            tolerationSeconds: fc.nat(3600),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      priorityClassName: fc.constant("system-node-critical"),
      hostNetwork: fc.boolean(),
      hostPID: fc.boolean(),
      hostIPC: fc.boolean(),
      terminationGracePeriodSeconds: fc.nat(600),
      securityContext: fc.record(
        { runAsNonRoot: fc.boolean(), fsGroup: fc.nat(70000) },
        { requiredKeys: [] },
      ),
      imagePullSecrets: fc.array(fc.record({ name: word }), { maxLength: 1 }),
    },
    { requiredKeys: ["containers"] },
  );
  const intOrPercent = fc.oneof(
    fc.nat(100),
    fc.nat(100).map((n) => `${n}%`),
  );
  const manifest = fc.record({
    metadata: fc.record(
      { name: word, namespace: word, labels, annotations: labels },
      { requiredKeys: ["name"] },
    ),
    spec: fc.record(
      {
        selector: fc.record({ matchLabels: labels }),
        updateStrategy: fc.oneof(
          fc.record({ type: fc.constant("OnDelete") }),
          fc.record({
            type: fc.constant("RollingUpdate"),
            rollingUpdate: fc.record(
              { maxUnavailable: intOrPercent, maxSurge: intOrPercent },
              { requiredKeys: [] },
            ),
          }),
        ),
        minReadySeconds: fc.nat(600),
        revisionHistoryLimit: fc.nat(20),
        template: fc.record({ metadata: fc.record({ labels }), spec: podSpec }),
      },
      { requiredKeys: ["selector", "template"] },
    ),
  });

  /** HCL-to-JSON writes every block as an array of one: wrap every object that is not a map in an array. */
  function asHclJson(value: unknown, mapKeys: Set<string>, key = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => asHclJson(v, mapKeys, key));
    if (typeof value !== "object" || value === null) return value;
    if (mapKeys.has(key)) return value;
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = asHclJson(v, mapKeys, k);
      out[k] =
        typeof v === "object" && v !== null && !Array.isArray(v) && !mapKeys.has(k) ? [converted] : converted;
    }
    return out;
  }
  const MAP_KEYS = new Set(["labels", "annotations", "match_labels", "node_selector", "requests", "limits"]);

  test("property: toProviderShape then fromProviderShape gives back the manifest", () => {
    fc.assert(
      fc.property(manifest, (m) => {
        expectToEqual(fromProviderShape(toProviderShape(m)), m);
      }),
      { numRuns: 300 },
    );
  });

  test("property: the same, with every single block written as an array of one (HCL)", () => {
    fc.assert(
      fc.property(manifest, (m) => {
        const hcl = asHclJson(toProviderShape(m), MAP_KEYS) as Obj;
        expectToEqual(fromProviderShape(hcl), m);
      }),
      { numRuns: 300 },
    );
  });
});

test('the provider reads default_mode in base 8 with or without a leading 0: "644" is 0o644', () => {
  const spec = (mode: string) => ({
    template: { spec: { volume: [{ name: "cfg", config_map: { name: "cfg", default_mode: mode } }] } },
  });
  const mode = (m: string) =>
    (fromProviderShape({ spec: spec(m) }).spec as any).template.spec.volumes[0].configMap.defaultMode; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(mode("644")).toBe(0o644);
  expect(mode("0644")).toBe(0o644);
  expect(mode("0400")).toBe(0o400);
});
