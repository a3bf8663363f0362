import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// Each heavy dependency records when it is first required (jest runs a mock factory on first require only).
const loaded: string[] = [];
jest.mock("@cdktf/hcl2json", () => {
  loaded.push("@cdktf/hcl2json");
  return jest.requireActual("@cdktf/hcl2json");
});
jest.mock("yaml", () => {
  loaded.push("yaml");
  return jest.requireActual("yaml");
});
jest.mock("@kubernetes/client-node", () => {
  loaded.push("@kubernetes/client-node");
  return {};
});
jest.mock("cdktf", () => {
  loaded.push("cdktf");
  return jest.requireActual("cdktf");
});
jest.mock("@cdktf/provider-kubernetes/lib/daemon-set-v1", () => {
  loaded.push("@cdktf/provider-kubernetes");
  return jest.requireActual("@cdktf/provider-kubernetes/lib/daemon-set-v1");
});

const TF_JSON = JSON.stringify({
  resource: {
    kubernetes_daemon_set_v1: {
      agent: {
        metadata: { name: "agent" },
        spec: { template: { spec: { container: [{ name: "a", image: "registry.example/a:v1" }] } } },
      },
    },
  },
});

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-lazy-"));
writeFileSync(path.join(dir, "x.tf.json"), TF_JSON);
writeFileSync(path.join(dir, "x.tf"), 'resource "kubernetes_daemon_set_v1" "agent" {\n}\n');
writeFileSync(path.join(dir, "x.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

// Imported after the mocks are set up (a static import would run the CLI's imports before `loaded` exists).
const runIn = async (...args: Parameters<typeof import("./fake-io").runIn>) =>
  (await import("./fake-io")).runIn(...args);

describe("heavy dependencies load only for the formats that need them", () => {
  test("GIVEN a tf.json WHEN check runs in every output format THEN no parser, binding, client or simulator module loads", async () => {
    for (const format of ["text", "json", "sarif", "junit"]) {
      const { code } = await runIn(dir, ["check", "x.tf.json", "--format", format]);
      expect(code).toBe(1);
    }
    expect(loaded).toEqual([]);
    // The simulator (lib/simulate/**) is plan's and verify's: check never loads it. jest's require.cache lists the
    // modules its registry holds (jest-runtime: `ownKeys` of the cache proxy is the module registry's keys).
    const simulator = Object.keys(require.cache).filter((file) =>
      file.split(path.sep).join("/").includes("/lib/simulate/"),
    );
    expect(simulator).toEqual([]);
  });

  test("GIVEN an HCL file THEN hcl2json loads; GIVEN YAML THEN neither hcl2json nor a binding", async () => {
    await runIn(dir, ["check", "x.tf"]);
    expect(loaded).toEqual(["@cdktf/hcl2json"]);
    await runIn(dir, ["check", "x.yaml"]);
    // The YAML reader loads the yaml library only to locate lines (lib/inputs/yaml-locate.ts), if at all.
    expect(loaded.filter((m) => m !== "yaml")).toEqual(["@cdktf/hcl2json"]);
  });
});
