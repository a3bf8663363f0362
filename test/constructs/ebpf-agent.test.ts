import { Testing, TerraformStack } from "cdktf";
import { EbpfAgent, EbpfProgramKind } from "../../lib";
import {
  added,
  agentProps,
  container,
  Json,
  productionDaemonSet,
  synthDaemonSets,
} from "./ebpf-agent-helpers";

describe("EbpfAgent capability sets, per programs / kernel combination", () => {
  const sysAdmin = { reason: "nodes run kernel 5.4, which has no CAP_BPF" };
  test.each<[string, EbpfProgramKind[], string | undefined, boolean, boolean, string[]]>([
    // label, programs, minKernel, processVisibility, allowSysAdmin, expected add
    ["tracing, default kernel 5.8", ["tracing"], undefined, false, false, ["BPF", "PERFMON", "SYS_RESOURCE"]],
    ["tracing, 5.11", ["tracing"], "5.11", false, false, ["BPF", "PERFMON"]],
    ["tracing, 6.1", ["tracing"], "6.1", false, false, ["BPF", "PERFMON"]],
    ["networking, 5.15", ["networking"], "5.15", false, false, ["BPF", "NET_ADMIN"]],
    ["networking, 5.8", ["networking"], "5.8", false, false, ["BPF", "NET_ADMIN", "SYS_RESOURCE"]],
    ["lsm, 6.1", ["lsm"], "6.1", false, false, ["BPF", "PERFMON"]],
    [
      "tracing + networking, 5.10",
      ["tracing", "networking"],
      "5.10",
      false,
      false,
      ["BPF", "PERFMON", "NET_ADMIN", "SYS_RESOURCE"],
    ],
    [
      "all three, 6.1",
      ["lsm", "networking", "tracing"],
      "6.1",
      false,
      false,
      ["BPF", "PERFMON", "NET_ADMIN"],
    ],
    [
      "tracing + process visibility, 5.15",
      ["tracing"],
      "5.15",
      true,
      false,
      ["BPF", "PERFMON", "SYS_PTRACE", "DAC_READ_SEARCH"],
    ],
    ["tracing, 5.4 with allowSysAdmin", ["tracing"], "5.4", false, true, ["SYS_ADMIN", "SYS_RESOURCE"]],
    [
      "networking, 4.19 with allowSysAdmin",
      ["networking"],
      "4.19",
      false,
      true,
      ["SYS_ADMIN", "NET_ADMIN", "SYS_RESOURCE"],
    ],
    ["tracing, 5.15 with allowSysAdmin", ["tracing"], "5.15", false, true, ["SYS_ADMIN", "BPF", "PERFMON"]],
  ])("%s", (_label, programs, minKernel, processVisibility, withSysAdmin, expected) => {
    // GIVEN an agent with these choices, WHEN synthesized
    const all = synthDaemonSets(
      agentProps({
        programs,
        minKernel,
        processVisibility,
        allowSysAdmin: withSysAdmin ? sysAdmin : undefined,
      }),
    );
    // THEN every wave adds exactly the expected capabilities and drops ALL
    expect(Object.keys(all).sort()).toEqual(["probe-agent", "probe-agent-canary", "probe-agent-staging"]);
    for (const ds of Object.values(all)) {
      expect(added(ds)).toEqual(expected);
      const sc = container(ds).security_context;
      expect(sc.capabilities.drop).toEqual(["ALL"]);
      expect(sc.privileged).toBe(false);
      expect(sc.allow_privilege_escalation).toBe(withSysAdmin);
      expect(ds.metadata.annotations["wavegate.dev/min-kernel"]).toBe(minKernel ?? "5.8");
      expect(ds.metadata.annotations["wavegate.dev/allow-sys-admin"]).toBe(
        withSysAdmin ? sysAdmin.reason : undefined,
      );
    }
  });

  test("capability names are normalised: CAP_BPF == BPF, cap_net_raw == NET_RAW", () => {
    const ds = productionDaemonSet(
      agentProps({
        minKernel: "5.15",
        securityContext: { capabilities: { add: ["CAP_BPF", "cap_net_raw"] } },
      }),
    );
    expect(added(ds)).toEqual(["BPF", "PERFMON", "NET_RAW"]);
  });
});

describe("EbpfAgent security context and pod defaults", () => {
  const ds = productionDaemonSet(agentProps({ minKernel: "5.15" }));
  const pod = ds.spec.template.spec;

  test("container security context: least privilege, stated explicitly", () => {
    expect(container(ds).security_context).toEqual({
      privileged: false,
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      run_as_user: "0",
      capabilities: { add: ["BPF", "PERFMON"], drop: ["ALL"] },
      seccomp_profile: { type: "RuntimeDefault" },
    });
  });

  test("pod: system-node-critical, tolerates every taint, linux only, grace period, no host namespaces", () => {
    expect(pod.priority_class_name).toBe("system-node-critical");
    expect(pod.toleration).toEqual([{ operator: "Exists" }]);
    expect(pod.node_selector).toEqual({ "kubernetes.io/os": "linux" });
    expect(pod.termination_grace_period_seconds).toBe(30);
    expect(pod.host_network).toBe(false);
    expect(pod.host_pid).toBe(false);
    expect(pod.host_ipc).toBe(false);
    expect(pod.dns_policy).toBeUndefined();
  });

  test("requests and a memory limit", () => {
    expect(container(ds).resources).toEqual({
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { memory: "512Mi" },
    });
  });

  test("every wave rolls with maxSurge 0", () => {
    for (const w of Object.values(synthDaemonSets(agentProps()))) {
      expect(w.spec.strategy.rolling_update.max_surge).toBe("0");
    }
  });

  test("the agent container is named after the agent unless containerName is given", () => {
    expect(container(ds).name).toBe("probe-agent");
    expect(container(productionDaemonSet(agentProps({ containerName: "monitor" }))).name).toBe("monitor");
  });

  test("namespace defaults to kube-system", () => {
    expect(ds.metadata.namespace).toBe("kube-system");
  });
});

describe("EbpfAgent mounts", () => {
  const mounts = (d: Json) => container(d).volume_mount;
  const volumes = (d: Json) => d.spec.template.spec.volume;
  const BASE_MOUNTS = [
    { name: "bpffs", mount_path: "/sys/fs/bpf", mount_propagation: "HostToContainer" },
    { name: "btf", mount_path: "/sys/kernel/btf", read_only: true },
    { name: "tracefs", mount_path: "/sys/kernel/tracing", read_only: true },
  ];
  const BASE_VOLUMES = [
    { name: "bpffs", host_path: { path: "/sys/fs/bpf", type: "DirectoryOrCreate" } },
    { name: "btf", host_path: { path: "/sys/kernel/btf", type: "Directory" } },
    { name: "tracefs", host_path: { path: "/sys/kernel/tracing", type: "Directory" } },
  ];
  const TMP_MOUNT = { name: "tmp", mount_path: "/tmp" };
  const TMP_VOLUME = { name: "tmp", empty_dir: { medium: "Memory", size_limit: "64Mi" } };

  test("tracing: bpffs (HostToContainer), BTF and tracefs read-only, and a /tmp for the read-only root", () => {
    const ds = productionDaemonSet(agentProps());
    expect(mounts(ds)).toEqual([...BASE_MOUNTS, TMP_MOUNT]);
    expect(volumes(ds)).toEqual([...BASE_VOLUMES, TMP_VOLUME]);
  });

  test("processVisibility: host /proc read-only at /host/proc", () => {
    const ds = productionDaemonSet(agentProps({ processVisibility: true }));
    expect(mounts(ds)).toEqual([
      ...BASE_MOUNTS,
      { name: "host-proc", mount_path: "/host/proc", read_only: true },
      TMP_MOUNT,
    ]);
    expect(volumes(ds)).toContainEqual({
      name: "host-proc",
      host_path: { path: "/proc", type: "Directory" },
    });
  });

  test("lsm: /sys/kernel/security read-only", () => {
    const ds = productionDaemonSet(agentProps({ programs: ["lsm"] }));
    expect(mounts(ds)).toEqual([
      ...BASE_MOUNTS,
      { name: "securityfs", mount_path: "/sys/kernel/security", read_only: true },
      TMP_MOUNT,
    ]);
  });

  test("networking without process visibility: no /proc and no securityfs", () => {
    const ds = productionDaemonSet(agentProps({ programs: ["networking"] }));
    expect(mounts(ds).map((m: Json) => m.name)).toEqual(["bpffs", "btf", "tracefs", "tmp"]);
  });

  test("extra volumes and mounts are appended", () => {
    const ds = productionDaemonSet(
      agentProps({
        volumes: [{ name: "config", configMap: { name: "agent-config" } }],
        volumeMounts: [{ name: "config", mountPath: "/etc/agent", readOnly: true }],
        // One ConfigMap read by every wave is WG304's shared content; this test is about the mount itself.
        policy: { suppressions: [{ ruleId: "WG304", reason: "the mount is what this test is about" }] },
      }),
    );
    expect(mounts(ds).at(-1)).toEqual({ name: "config", mount_path: "/etc/agent", read_only: true });
    expect(volumes(ds).at(-1)).toEqual({ name: "config", config_map: { name: "agent-config" } });
  });
});

describe("EbpfAgent probes", () => {
  test("startup, liveness and readiness probes on the health endpoint", () => {
    const c = container(productionDaemonSet(agentProps()));
    expect(c.port).toEqual([{ name: "health", container_port: 9090, protocol: "TCP" }]);
    expect(c.startup_probe).toEqual({
      http_get: { path: "/healthz", port: "9090", scheme: "HTTP" },
      period_seconds: 5,
      timeout_seconds: 3,
      failure_threshold: 60,
    });
    expect(c.liveness_probe).toEqual({
      http_get: { path: "/healthz", port: "9090", scheme: "HTTP" },
      period_seconds: 10,
      timeout_seconds: 5,
      failure_threshold: 3,
    });
    expect(c.readiness_probe).toEqual({
      http_get: { path: "/readyz", port: "9090", scheme: "HTTP" },
      period_seconds: 5,
      timeout_seconds: 3,
      failure_threshold: 3,
    });
  });

  test("paths, scheme and startup budget are configurable", () => {
    const c = container(
      productionDaemonSet(
        agentProps({
          health: {
            port: 8443,
            scheme: "HTTPS",
            readinessPath: "/ready",
            livenessPath: "/live",
            startupPath: "/started",
            startupSeconds: 120,
          },
        }),
      ),
    );
    expect(c.readiness_probe.http_get).toEqual({ path: "/ready", port: "8443", scheme: "HTTPS" });
    expect(c.liveness_probe.http_get.path).toBe("/live");
    expect(c.startup_probe.http_get.path).toBe("/started");
    expect(c.startup_probe.failure_threshold).toBe(24);
  });
});

describe("EbpfAgent composition", () => {
  test("exposes the StagedDaemonSet, its waves and the derived pod", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const agent = new EbpfAgent(stack, "agent", agentProps());
    expect(agent.waves).toBe(agent.staged.waves);
    expect(agent.waves.map((w) => w.manifest.metadata.name)).toEqual([
      "probe-agent-canary",
      "probe-agent-staging",
      "probe-agent",
    ]);
    expect(agent.pod.profile.capabilities.map((c) => c.name)).toEqual(["BPF", "PERFMON", "SYS_RESOURCE"]);
    expect(agent.pod.profile.capabilities.every((c) => c.why.length > 0)).toBe(true);
  });

  test("the rollout contract and the program annotation are on every wave", () => {
    for (const ds of Object.values(synthDaemonSets(agentProps({ programs: ["networking", "tracing"] })))) {
      expect(ds.metadata.annotations["wavegate.dev/agent"]).toBe("probe-agent");
      expect(ds.metadata.annotations["wavegate.dev/ebpf-programs"]).toBe("tracing,networking");
    }
  });
});
