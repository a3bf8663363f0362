import {
  agentResources,
  checkNoSurge,
  checkVersions,
  healthProbes,
  kernelGateTerms,
  memoryBytes,
  NFD_KERNEL_LABELS,
  seccompProfile,
} from "../../../lib/model/ebpf";

const K = { major: 5, minor: 8 };

describe("healthProbes", () => {
  test("defaults: /readyz for readiness, /healthz for liveness and startup, 300 s startup budget", () => {
    const p = healthProbes({ port: 9090 });
    expect(p.readinessProbe.httpGet?.path).toBe("/readyz");
    expect(p.livenessProbe.httpGet?.path).toBe("/healthz");
    expect(p.startupProbe.httpGet?.path).toBe("/healthz");
    expect((p.startupProbe.periodSeconds ?? 0) * (p.startupProbe.failureThreshold ?? 0)).toBe(300);
  });

  test.each([0, 70000, 1.5])("port %p is refused", (port) => {
    expect(() => healthProbes({ port })).toThrow(/^health.port:/);
  });

  test("a path without a leading slash is refused", () => {
    expect(() => healthProbes({ port: 1, readinessPath: "ready" })).toThrow(/^health.readinessPath:/);
  });

  test("a startup budget under 10 s is refused", () => {
    expect(() => healthProbes({ port: 1, startupSeconds: 5 })).toThrow(/^health.startupSeconds:/);
  });
});

describe("agentResources", () => {
  test("defaults: requests 100m / 256Mi, memory limit 512Mi", () => {
    expect(agentResources()).toEqual({
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { memory: "512Mi" },
    });
  });

  test("a memory request alone becomes the limit too", () => {
    expect(agentResources({ memory: "1Gi" }).limits).toEqual({ memory: "1Gi" });
  });

  test("a limit below the request is refused; unparsable quantities are refused", () => {
    expect(() => agentResources({ memory: "1Gi", memoryLimit: "1000Mi" })).toThrow(
      /below the memory request/,
    );
    expect(() => agentResources({ memory: "lots" })).toThrow(/^resources.memory:/);
    expect(() => agentResources({ memoryLimit: "lots" })).toThrow(/^resources.memoryLimit:/);
  });

  test("memoryBytes understands binary and decimal suffixes", () => {
    expect(memoryBytes("256Mi")).toBe(256 * 2 ** 20);
    expect(memoryBytes("1G")).toBe(1e9);
    expect(memoryBytes("1024")).toBe(1024);
    expect(memoryBytes("1Gb")).toBeUndefined();
  });
});

describe("kernelGateTerms", () => {
  test("no gating, or an empty one, gives no terms", () => {
    expect(kernelGateTerms(undefined, K)).toBeUndefined();
    expect(kernelGateTerms({}, K)).toBeUndefined();
  });

  test("kernel version plus BTF: the BTF label is ANDed into each version term", () => {
    const terms = kernelGateTerms({ kernelVersion: true, btf: true }, K) ?? [];
    expect(terms).toHaveLength(2);
    for (const t of terms) {
      expect(t.matchExpressions).toContainEqual({
        key: NFD_KERNEL_LABELS.btf,
        operator: "In",
        values: ["true"],
      });
    }
  });

  test("a bad raw expression is refused, naming its index", () => {
    expect(() => kernelGateTerms({ expressions: [{ key: "k", operator: "Near" }] }, K)).toThrow(
      /^kernelGating.expressions\[0\]:/,
    );
  });
});

describe("seccompProfile", () => {
  test("RuntimeDefault by default; Localhost with a relative path", () => {
    expect(seccompProfile(undefined)).toEqual({ type: "RuntimeDefault" });
    expect(seccompProfile({ localhostProfile: "p.json" })).toEqual({
      type: "Localhost",
      localhostProfile: "p.json",
    });
    expect(() => seccompProfile({ localhostProfile: "" })).toThrow(/^seccompProfile:/);
    expect(() => seccompProfile("Unconfined" as never)).toThrow(/^seccompProfile:/);
  });
});

describe("checkNoSurge", () => {
  test.each([1, "1", "10%"])("maxSurge %p is refused", (maxSurge) => {
    expect(() => checkNoSurge([{ name: "canary" }, { name: "prod", maxSurge }])).toThrow(
      /^waves\[1\].maxSurge: .*fight over the same hooks/,
    );
  });

  test.each([0, "0", "0%", undefined])("maxSurge %p is fine", (maxSurge) => {
    expect(() => checkNoSurge([{ name: "prod", maxSurge }])).not.toThrow();
  });
});

describe("checkVersions", () => {
  const digest = `sha256:${"0123456789abcdef".repeat(4)}`;
  test.each(["v2.4.0", "2.4", digest, `v2.4.0@${digest}`, "latest_build-7"])("%s is accepted", (v) => {
    expect(() => checkVersions({ canary: v })).not.toThrow();
  });
  test.each(["", "v2.4.0@sha256:abc", "sha256:XYZ", "-v1", "v 1", `@${digest}`])("%p is refused", (v) => {
    expect(() => checkVersions({ canary: v })).toThrow(/^versions.canary:/);
  });
});
