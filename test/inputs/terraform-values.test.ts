import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { InputError } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";
import { renderText } from "../../lib/policy/reporters/text";

/** Writes files into a fresh directory; returns its path. */
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-tf-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  dirs.push(dir);
  return dir;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The outcome of one rule for each DaemonSet address. */
async function outcomes(paths: string[], ruleId: string): Promise<Record<string, string>> {
  const report = runPolicy(await loadInputs(paths));
  const out: Record<string, string> = {};
  for (const f of report.findings) if (f.ruleId === ruleId) out[f.source.address] = f.outcome;
  return out;
}

const containerHcl = (extra: string) => `
        container {
          name  = "agent"
          image = "registry.example/agent:v1"
          ${extra}
        }`;

describe("literal locals", () => {
  test('GIVEN locals { host_root = "/" } in another .tf of the module used as a hostPath THEN WG204 judges the path', async () => {
    const dir = dirWith({
      "locals.tf": 'locals {\n  host_root = "/"\n}\n',
      "main.tf": `resource "kubernetes_daemon_set_v1" "agent" {
  metadata { name = "agent" }
  spec {
    template {
      spec {${containerHcl('volume_mount {\n            name       = "root"\n            mount_path = "/host"\n          }')}
        volume {
          name = "root"
          host_path { path = local.host_root }
        }
      }
    }
  }
}
`,
    });
    const { daemonSets } = await loadInputs([path.join(dir, "main.tf")]);
    expect(daemonSets[0].manifest.spec.template.spec.volumes?.[0].hostPath?.path).toBe("/");
    expect(await outcomes([path.join(dir, "main.tf")], "WG204")).toEqual({
      "kubernetes_daemon_set_v1.agent": "fail",
    });
  });

  test("GIVEN a tf.json whose locals hold the path THEN it is substituted too; variables stay unknown", async () => {
    const json = {
      locals: { host_root: "/", dir: "${local.host_root}etc" },
      resource: {
        kubernetes_daemon_set_v1: {
          agent: {
            metadata: { name: "${var.name}" },
            spec: {
              template: {
                spec: {
                  container: [{ name: "a", image: "x:v1", volume_mount: [{ name: "r", mount_path: "/h" }] }],
                  volume: [{ name: "r", host_path: { path: "${local.dir}" } }],
                },
              },
            },
          },
        },
      },
    };
    const dir = dirWith({ "main.tf.json": JSON.stringify(json, null, 2) });
    const { daemonSets } = await loadInputs([path.join(dir, "main.tf.json")]);
    expect(daemonSets[0].manifest.spec.template.spec.volumes?.[0].hostPath?.path).toBe("/etc");
    expect(daemonSets[0].manifest.metadata.name).toBe("${var.name}");
  });
});

describe("count and for_each", () => {
  const resource = (meta: string, image: string) => `resource "kubernetes_daemon_set_v1" "agent" {
  ${meta}
  metadata { name = "agent-\${each.key}" }
  spec {
    template {
      spec {
        container {
          name  = "agent"
          image = "${image}"
        }
      }
    }
  }
}
`;

  test("GIVEN count = 0 on a DaemonSet with :latest THEN it is not checked (Terraform creates none) and a warning says so", async () => {
    const dir = dirWith({ "main.tf": resource("count = 0", "agent:latest").replace("${each.key}", "x") });
    const load = await loadInputs([path.join(dir, "main.tf")]);
    expect(load.daemonSets).toEqual([]);
    expect(load.warnings).toEqual([expect.stringContaining("kubernetes_daemon_set_v1.agent: count is 0")]);
  });

  test("GIVEN for_each = {} THEN nothing is checked either", async () => {
    const dir = dirWith({ "main.tf": resource("for_each = {}", "agent:latest") });
    const load = await loadInputs([path.join(dir, "main.tf")]);
    expect(load.daemonSets).toEqual([]);
    expect(load.warnings).toEqual([
      expect.stringContaining("for_each is empty, so Terraform creates no instance"),
    ]);
  });

  test("GIVEN for_each over a literal map of three waves THEN three DaemonSets, addressed as Terraform names them", async () => {
    const dir = dirWith({
      "main.tf":
        'locals {\n  waves = { canary = "v2", staging = "v1", production = "v1" }\n}\n' +
        resource("for_each = local.waves", "registry.example/agent:${each.value}"),
    });
    const { daemonSets } = await loadInputs([path.join(dir, "main.tf")]);
    expect(daemonSets.map((d) => [d.source.address, d.manifest.metadata.name, d.source.line])).toEqual([
      ['kubernetes_daemon_set_v1.agent["canary"]', "agent-canary", 4],
      ['kubernetes_daemon_set_v1.agent["production"]', "agent-production", 4],
      ['kubernetes_daemon_set_v1.agent["staging"]', "agent-staging", 4],
    ]);
    expect(daemonSets[0].manifest.spec.template.spec.containers[0].image).toBe("registry.example/agent:v2");
  });

  test("GIVEN count = 2 and toset([...]) in tf.json THEN count.index and each.key are substituted", async () => {
    const body = (name: string) => ({
      metadata: { name },
      spec: { template: { spec: { container: [{ name: "a", image: "x:v1" }] } } },
    });
    const json = {
      resource: {
        kubernetes_daemon_set_v1: {
          n: { count: "${2}", ...body("n-${count.index}") },
          s: { for_each: '${toset(["b", "a"])}', ...body("s-${each.value}") },
        },
      },
    };
    const dir = dirWith({ "x.tf.json": JSON.stringify(json) });
    const { daemonSets } = await loadInputs([path.join(dir, "x.tf.json")]);
    expect(daemonSets.map((d) => [d.source.address, d.manifest.metadata.name])).toEqual([
      ["kubernetes_daemon_set_v1.n[0]", "n-0"],
      ["kubernetes_daemon_set_v1.n[1]", "n-1"],
      ['kubernetes_daemon_set_v1.s["a"]', "s-a"],
      ['kubernetes_daemon_set_v1.s["b"]', "s-b"],
    ]);
  });

  test("GIVEN for_each over a variable THEN one DaemonSet with each.* unknown, and a warning", async () => {
    const dir = dirWith({ "main.tf": resource("for_each = var.waves", "agent:v1") });
    const load = await loadInputs([path.join(dir, "main.tf")]);
    expect(load.daemonSets.map((d) => d.manifest.metadata.name)).toEqual(["agent-${each.key}"]);
    expect(load.warnings.join("\n")).toContain("for_each is not known until plan");
  });

  test.each([
    ["count = 1\n  for_each = { a = 1 }", /cannot both be set/],
    ['for_each = ["a", "b"]', /for_each is a list/],
    ["count = -1", /whole number/],
    ["count = true", /needs a number/],
    ["count = 100000000", /more than 10000 instances/],
  ])("GIVEN %s THEN exit 2 naming the file, resource and line", async (meta, message) => {
    const dir = dirWith({ "main.tf": resource(meta, "agent:v1") });
    const error = await loadInputs([path.join(dir, "main.tf")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/main\.tf:1: kubernetes_daemon_set_v1\.agent: /);
    expect((error as InputError).message).toMatch(message);
  });
});

describe("Terraform's string conversions (go-cty) in every Terraform format", () => {
  const tfJson = (securityContext: object, spec: object = {}) =>
    JSON.stringify({
      resource: {
        kubernetes_daemon_set_v1: {
          agent: {
            metadata: { name: "agent" },
            spec: {
              ...spec,
              template: {
                spec: { container: [{ name: "a", image: "x:v1", security_context: securityContext }] },
              },
            },
          },
        },
      },
    });

  test('GIVEN privileged = "1" in tf.json, HCL and a plan THEN WG201 fails in each', async () => {
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            {
              address: "kubernetes_daemon_set_v1.agent",
              mode: "managed",
              type: "kubernetes_daemon_set_v1",
              name: "agent",
              values: JSON.parse(tfJson({ privileged: "1" })).resource.kubernetes_daemon_set_v1.agent,
            },
          ],
        },
      },
    };
    const dir = dirWith({
      "a.tf.json": tfJson({ privileged: "1" }),
      "b.tf": `resource "kubernetes_daemon_set_v1" "agent" {
  metadata { name = "agent" }
  spec {
    template {
      spec {${containerHcl('security_context { privileged = "1" }')}
      }
    }
  }
}
`,
      "c.plan.json": JSON.stringify(plan),
    });
    for (const file of ["a.tf.json", "b.tf", "c.plan.json"]) {
      expect(await outcomes([path.join(dir, file)], "WG201")).toEqual({
        "kubernetes_daemon_set_v1.agent": "fail",
      });
    }
  });

  test('GIVEN host_pid = "1", read_only = "0", min_ready_seconds = "0.0" THEN they are read as true, false and 0', async () => {
    const json = JSON.parse(tfJson({}, { min_ready_seconds: "0.0" }));
    const pod = json.resource.kubernetes_daemon_set_v1.agent.spec.template.spec;
    pod.host_pid = "1";
    pod.container[0].volume_mount = [{ name: "p", mount_path: "/host/proc", read_only: "0" }];
    const dir = dirWith({ "a.tf.json": JSON.stringify(json) });
    const [ds] = (await loadInputs([path.join(dir, "a.tf.json")])).daemonSets;
    expect(ds.manifest.spec.minReadySeconds).toBe(0);
    expect(ds.manifest.spec.template.spec.hostPID).toBe(true);
    expect(ds.manifest.spec.template.spec.containers[0].volumeMounts?.[0].readOnly).toBe(false);
  });
});

describe("line numbers", () => {
  test("GIVEN a tf.json THEN each DaemonSet carries its resource's line, and the text report shows file:line", async () => {
    const dir = dirWith({
      "a.tf.json": JSON.stringify(
        {
          resource: {
            kubernetes_namespace: { ns: { metadata: { name: "agent" } } },
            kubernetes_daemon_set_v1: {
              one: { metadata: { name: "one" }, spec: {} },
              two: { metadata: { name: "two" }, spec: {} },
            },
          },
        },
        null,
        2,
      ),
    });
    const file = path.join(dir, "a.tf.json");
    const load = await loadInputs([file]);
    expect(load.daemonSets.map((d) => d.source.line)).toEqual([11, 17]);
    expect(renderText(runPolicy(load))).toContain(`${file}:11`);
  });
});

describe("dynamic blocks over literal locals", () => {
  test('GIVEN dynamic "volume_mount" over a local list THEN one mount per element, judged by WG204', async () => {
    const dir = dirWith({
      "main.tf": `locals {
  mounts = ["/sys", "/proc"]
}
resource "kubernetes_daemon_set_v1" "agent" {
  metadata { name = "agent" }
  spec {
    template {
      spec {
        container {
          name  = "agent"
          image = "registry.example/agent:v1"
          dynamic "volume_mount" {
            for_each = toset(local.mounts)
            content {
              name       = volume_mount.value
              mount_path = volume_mount.value
            }
          }
        }
      }
    }
  }
}
`,
    });
    const { daemonSets, warnings } = await loadInputs([path.join(dir, "main.tf")]);
    expect(
      daemonSets[0].manifest.spec.template.spec.containers[0].volumeMounts?.map((m) => m.mountPath),
    ).toEqual(["/proc", "/sys"]);
    expect(warnings.join("\n")).not.toContain("dynamic");
  });
});

describe("robustness of locals / count / for_each", () => {
  const meta = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      "${local.m}",
      "${local.n}",
      "${local.s}",
      '${toset(["a", "b"])}',
      "${var.x}",
      "3",
      "0.5",
      "-1",
      "${local.m}x",
    ),
  );
  const local = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom("${local.m}", "${local.n}", "${each.key}", "${count.index}"),
  );

  test("property: any count / for_each / locals load as Terraform would, or exit 2 — never a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("count", "for_each"),
        meta,
        local,
        local,
        local,
        async (which, value, m, n, s) => {
          const json = {
            locals: { m, n, s },
            resource: {
              kubernetes_daemon_set_v1: {
                a: {
                  [which]: value,
                  metadata: { name: "a-${count.index}-${each.key}-${local.s}" },
                  spec: {
                    template: {
                      spec: {
                        container: [
                          { name: "a", image: "${local.m}", security_context: { privileged: "${local.n}" } },
                        ],
                      },
                    },
                  },
                },
              },
            },
          };
          const file = path.join(dirWith({ "a.tf.json": JSON.stringify(json) }), "a.tf.json");
          const load = await loadInputs([file]).catch((e: unknown) => {
            if (e instanceof InputError) return undefined;
            throw e;
          });
          if (load !== undefined) runPolicy(load);
        },
      ),
      { numRuns: 150, seed: 12 },
    );
  });
});
