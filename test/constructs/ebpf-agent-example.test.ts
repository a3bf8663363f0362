import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { Json } from "./ebpf-agent-helpers";

// Importing the example runs its own `app.synth()`: send that output to a temporary directory, not ./cdktf.out.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "wavegate-seed-"));
process.env.CDKTF_OUTDIR = outdir;
type Example = typeof import("../../examples/seed-three-waves/main");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SeedStack } = require("../../examples/seed-three-waves/main") as Example;

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe("examples/seed-three-waves with EbpfAgent", () => {
  const stack = new SeedStack(Testing.app(), "seed-three-waves");
  const json = JSON.parse(Testing.synth(stack));
  const daemonSets: Json[] = Object.values(json.resource.kubernetes_daemon_set_v1);
  const byName = Object.fromEntries(daemonSets.map((d) => [d.metadata.name, d]));

  test("three DaemonSets: canary, staging and the catch-all production keeping the agent's name", () => {
    expect(Object.keys(byName).sort()).toEqual([
      "cloud-sec-agent",
      "cloud-sec-agent-canary",
      "cloud-sec-agent-staging",
    ]);
    for (const ds of daemonSets) expect(ds.metadata.namespace).toBe("kube-system");
    expect(byName["cloud-sec-agent-canary"].metadata.annotations["wavegate.dev/nodes"]).toBe("20");
    expect(byName["cloud-sec-agent-staging"].metadata.annotations["wavegate.dev/nodes"]).toBe("200");
    expect(byName["cloud-sec-agent"].metadata.annotations["wavegate.dev/nodes"]).toBe("2000");
  });

  test("versions: canary v2.5.0, staging and production v2.4.0, container ebpf-monitor", () => {
    const image = (n: string) => byName[n].spec.template.spec.container[0].image;
    expect(image("cloud-sec-agent-canary")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.5.0");
    expect(image("cloud-sec-agent-staging")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.4.0");
    expect(image("cloud-sec-agent")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.4.0");
    for (const ds of daemonSets) expect(ds.spec.template.spec.container[0].name).toBe("ebpf-monitor");
  });

  test.each(["cloud-sec-agent-canary", "cloud-sec-agent-staging", "cloud-sec-agent"])(
    "%s: least privilege, readiness-gated, /sys/fs/bpf mounted",
    (name) => {
      const ds = byName[name];
      const text = JSON.stringify(ds);
      expect(text).not.toMatch(/SYS_MODULE/);
      expect(text).not.toMatch(/"privileged":\s*true/);
      const c = ds.spec.template.spec.container[0];
      const sc = c.security_context;
      expect(sc.privileged).toBe(false);
      expect(sc.capabilities.drop).toEqual(["ALL"]);
      expect(sc.capabilities.add).toEqual(expect.arrayContaining(["BPF", "PERFMON"]));
      expect(sc.capabilities.add).not.toContain("SYS_ADMIN");
      expect(sc.read_only_root_filesystem).toBe(true);
      expect(c.readiness_probe.http_get).toEqual({ path: "/readyz", port: "9090", scheme: "HTTP" });
      expect(c.volume_mount).toContainEqual({
        name: "bpffs",
        mount_path: "/sys/fs/bpf",
        mount_propagation: "HostToContainer",
      });
      expect(ds.spec.template.spec.volume).toContainEqual({
        name: "bpffs",
        host_path: { path: "/sys/fs/bpf", type: "DirectoryOrCreate" },
      });
      expect(ds.spec.strategy.rolling_update.max_surge).toBe("0");
    },
  );
});
