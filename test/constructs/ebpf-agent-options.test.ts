import { agentProps, container, Json, productionDaemonSet, synthDaemonSets } from "./ebpf-agent-helpers";

describe("EbpfAgent opt-ins", () => {
  test("hostNetwork and hostPID only when asked, with the reasons as annotations", () => {
    const ds = productionDaemonSet(
      agentProps({
        hostNetwork: { reason: "attaches XDP programs to host interfaces" },
        hostPID: { reason: "signals host processes it quarantines" },
      }),
    );
    const pod = ds.spec.template.spec;
    expect(pod.host_network).toBe(true);
    expect(pod.host_pid).toBe(true);
    expect(pod.dns_policy).toBe("ClusterFirstWithHostNet");
    expect(ds.metadata.annotations["wavegate.dev/allow-host-network"]).toBe(
      "attaches XDP programs to host interfaces",
    );
    expect(ds.metadata.annotations["wavegate.dev/allow-host-pid"]).toBe(
      "signals host processes it quarantines",
    );
  });

  test("AppArmor unconfined: annotation on the pod template for the agent container, reason on the DaemonSet", () => {
    const ds = productionDaemonSet(
      agentProps({
        containerName: "monitor",
        appArmorUnconfined: { reason: "mounts bpffs itself at start" },
      }),
    );
    expect(
      ds.spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/monitor"],
    ).toBe("unconfined");
    expect(ds.metadata.annotations["wavegate.dev/allow-apparmor-unconfined"]).toBe(
      "mounts bpffs itself at start",
    );
  });

  test("no AppArmor annotation by default", () => {
    const annotations = productionDaemonSet(agentProps()).spec.template.metadata.annotations;
    expect(Object.keys(annotations).filter((k) => k.includes("apparmor"))).toEqual([]);
  });

  test("seccomp can be a Localhost profile", () => {
    const sc = container(
      productionDaemonSet(agentProps({ seccompProfile: { localhostProfile: "profiles/agent.json" } })),
    ).security_context;
    expect(sc.seccomp_profile).toEqual({ type: "Localhost", localhost_profile: "profiles/agent.json" });
  });

  test("resources, env, args, priority class and grace period are configurable", () => {
    const ds = productionDaemonSet(
      agentProps({
        resources: { cpu: "200m", memory: "1Gi", cpuLimit: "1" },
        env: [{ name: "LOG_LEVEL", value: "info" }],
        args: ["--config", "/etc/agent/config.yaml"],
        priorityClassName: "agent-critical",
        terminationGracePeriodSeconds: 60,
        serviceAccountName: "probe-agent",
      }),
    );
    const c = container(ds);
    expect(c.resources).toEqual({
      requests: { cpu: "200m", memory: "1Gi" },
      limits: { memory: "1Gi", cpu: "1" },
    });
    expect(c.env).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(c.args).toEqual(["--config", "/etc/agent/config.yaml"]);
    expect(ds.spec.template.spec.priority_class_name).toBe("agent-critical");
    expect(ds.spec.template.spec.termination_grace_period_seconds).toBe(60);
    expect(ds.spec.template.spec.service_account_name).toBe("probe-agent");
  });

  test("a version can be a tag, a digest, or both", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const all = synthDaemonSets(
      agentProps({ versions: { canary: `v1.1.0@${digest}`, staging: digest, production: "v1.0.0" } }),
    );
    expect(container(all["probe-agent-canary"]).image).toBe(
      `registry.example/security/probe-agent:v1.1.0@${digest}`,
    );
    expect(container(all["probe-agent-staging"]).image).toBe(
      `registry.example/security/probe-agent@${digest}`,
    );
    expect(container(all["probe-agent"]).image).toBe("registry.example/security/probe-agent:v1.0.0");
  });
});

describe("EbpfAgent kernel gating", () => {
  const terms = (d: Json) =>
    d.spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution
      .node_selector_term;
  const major = "feature.node.kubernetes.io/kernel-version.major";
  const minor = "feature.node.kubernetes.io/kernel-version.minor";
  const pool = { key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["dev"] };

  test("NFD kernel version >= minKernel, ANDed with the wave's pool", () => {
    const all = synthDaemonSets(agentProps({ minKernel: "5.15", kernelGating: { kernelVersion: true } }));
    expect(terms(all["probe-agent-canary"])).toEqual([
      { match_expressions: [{ key: major, operator: "Gt", values: ["5"] }, pool] },
      {
        match_expressions: [
          { key: major, operator: "In", values: ["5"] },
          { key: minor, operator: "Gt", values: ["14"] },
          pool,
        ],
      },
    ]);
    // the catch-all keeps its NotIn and gains the kernel terms too
    for (const t of terms(all["probe-agent"])) {
      const keys = t.match_expressions.map((e: Json) => e.key);
      expect(keys).toContain(major);
      expect(keys).toContain("eks.amazonaws.com/nodegroup");
    }
  });

  test("BTF and user-named labels", () => {
    const ds = synthDaemonSets(
      agentProps({
        kernelGating: {
          btf: true,
          labels: { "example.com/bpf-lsm": "true" },
          expressions: [{ key: "example.com/kernel-flavour", operator: "NotIn", values: ["rt"] }],
        },
      }),
    )["probe-agent-canary"];
    expect(terms(ds)).toEqual([
      {
        match_expressions: [
          {
            key: "feature.node.kubernetes.io/kernel-config.DEBUG_INFO_BTF",
            operator: "In",
            values: ["true"],
          },
          { key: "example.com/bpf-lsm", operator: "In", values: ["true"] },
          { key: "example.com/kernel-flavour", operator: "NotIn", values: ["rt"] },
          pool,
        ],
      },
    ]);
  });

  test("no gating: only the wave's pool", () => {
    expect(terms(synthDaemonSets(agentProps())["probe-agent-canary"])).toEqual([
      { match_expressions: [pool] },
    ]);
  });
});
