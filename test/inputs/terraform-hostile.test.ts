import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expandDynamicBlocks } from "../../lib/inputs/dynamic-blocks";
import { loadHcl } from "../../lib/inputs/hcl";
import { MAX_HEREDOC_CHARS } from "../../lib/inputs/hcl-parse";
import { inspectJson } from "../../lib/inputs/json-positions";
import { findJsonSyntaxError } from "../../lib/inputs/json-syntax";
import { loadInputs } from "../../lib/inputs/load";
import { loadPlanJson } from "../../lib/inputs/plan-json";
import { terraformStringToBool, terraformStringToNumber } from "../../lib/inputs/terraform-convert";
import { loadTfJson } from "../../lib/inputs/tf-json";
import { InputError } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function write(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-hostile-"));
  dirs.push(dir);
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe("go-cty string conversions", () => {
  // zclconf/go-cty cty/convert/conversion_primitive.go; values checked with `terraform console` 1.11.4.
  test.each([
    ["0.0", 0],
    ["1e1", 10],
    ["+5", 5],
    ["5.", 5],
    [".5", 0.5],
    ["-0.25", -0.25],
    ["1E+2", 100],
    ["1p3", 8],
    ["00012", 12],
    ["Inf", Infinity],
    ["-inf", -Infinity],
  ])("tonumber(%j) = %p", (s, n) => expect(terraformStringToNumber(s)).toBe(n));

  test.each([" 5", "5 ", "", "0x10", "1_000", "INF", "NaN", "1e", ".", "-", "infinity"])(
    "tonumber(%j) is an error in Terraform: not converted",
    (s) => expect(terraformStringToNumber(s)).toBeUndefined(),
  );

  test("tobool: exactly true/1 and false/0", () => {
    expect(["true", "1", "false", "0", "True", "yes", "t", ""].map(terraformStringToBool)).toEqual([
      true,
      true,
      false,
      false,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("repeated JSON keys", () => {
  const container = (name: string, extra = "") => `{ "name": "${name}", "image": "x:v1"${extra} }`;
  const ds = (containers: string) => `{
  "resource": {
    "kubernetes_daemon_set_v1": {
      "agent": {
        "metadata": { "name": "agent" },
        "spec": { "template": { "spec": { ${containers} } } }
      }
    }
  }
}`;

  test('GIVEN two "container" keys THEN two containers, and the privileged second one fails WG201', async () => {
    const text = ds(
      `"container": ${container("a")}, "container": ${container("b", ', "security_context": { "privileged": true }')}`,
    );
    const load = await loadTfJson("a.tf.json", text);
    expect(load.daemonSets[0].manifest.spec.template.spec.containers.map((c) => c.name)).toEqual(["a", "b"]);
    const report = runPolicy({ ...load, files: ["a.tf.json"], stacks: [] });
    expect(report.findings.find((f) => f.ruleId === "WG201")?.outcome).toBe("fail");
  });

  test('GIVEN two "resource" keys THEN the resources of both are read', async () => {
    const one = (name: string) =>
      `"resource": { "kubernetes_daemon_set_v1": { "${name}": { "metadata": { "name": "${name}" } } } }`;
    const load = await loadTfJson("a.tf.json", `{ ${one("a")},\n ${one("b")} }`);
    expect(load.daemonSets.map((d) => [d.source.address, d.source.line])).toEqual([
      ["kubernetes_daemon_set_v1.a", 1],
      ["kubernetes_daemon_set_v1.b", 2],
    ]);
  });

  test("GIVEN an argument set twice THEN exit 2 naming the file and line (Terraform: Duplicate argument)", async () => {
    const text = ds(`"container": {\n "name": "a",\n "image": "x:v1",\n "image": "y:v1" }`);
    const error = await loadTfJson("a.tf.json", text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^a\.tf\.json:9: .*image" is set twice/);
  });

  test("GIVEN two metadata blocks THEN exit 2 at the resource's line: the provider takes one", async () => {
    const text =
      '{"resource":{"kubernetes_daemon_set_v1":{\n"a":{"metadata":{"name":"a"},"metadata":{"name":"b"}}}}}';
    await expect(loadTfJson("a.tf.json", text)).rejects.toThrow(
      /^a\.tf\.json:2: .*2 "metadata" blocks where the provider takes one/,
    );
  });

  test("GIVEN two security_context blocks THEN exit 2: the provider takes one", async () => {
    const text = ds(
      `"container": { "name": "a", "image": "x:v1", "security_context": {}, "security_context": {} }`,
    );
    await expect(loadTfJson("a.tf.json", text)).rejects.toThrow(/2 "security_context" blocks/);
  });

  test("GIVEN no repeated key (colons in strings too) THEN the fast path is taken and lines are found", () => {
    const text = JSON.stringify(
      { resource: { kubernetes_daemon_set_v1: { a: { metadata: { annotations: { "x:y": "a:b:c" } } } } } },
      null,
      1,
    );
    const inspection = inspectJson(text, JSON.parse(text), ["kubernetes_daemon_set_v1"]);
    expect(inspection.mayHaveDuplicates).toBe(false);
    expect(inspection.resourceLines?.get("kubernetes_daemon_set_v1")?.get("a")).toBe(4);
  });
});

describe("deep nesting never overflows the stack", () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

  test("GIVEN a tf.json nesting 7,000 objects inside a DaemonSet THEN exit 2 naming where", async () => {
    const text = `{"resource":{"kubernetes_daemon_set_v1":{"x":{"spec":${nested(7000)}}}}}`;
    const error = await loadInputs([write("deep.tf.json", text)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /nested deeper than 500 levels \(at resource\.kubernetes_daemon_set_v1\.x/,
    );
  });

  test("GIVEN malformed JSON nested 50,000 deep THEN findJsonSyntaxError reports it, no RangeError", () => {
    expect(findJsonSyntaxError("[".repeat(50_000))?.message).toMatch(/nesting too deep|expected/);
    expect(findJsonSyntaxError("[".repeat(5_000) + "]".repeat(5_000))).toBeUndefined();
  });

  test("GIVEN a plan whose child module holds 150,000 resources THEN it loads", async () => {
    const resources = Array.from({ length: 150_000 }, (_, i) => ({
      address: `module.m.null_resource.r${i}`,
      mode: "managed",
      type: "null_resource",
      name: `r${i}`,
      values: {},
    }));
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { child_modules: [{ address: "module.m", resources }] } },
    };
    const result = await loadPlanJson("p.json", JSON.stringify(plan));
    expect(result.otherResources).toBe(150_000);
  });

  test("GIVEN a plan nested 7,000 deep THEN exit 2", async () => {
    await expect(
      loadPlanJson("p.json", `{"format_version":"1","planned_values":${nested(7000)}}`),
    ).rejects.toThrow(/nested deeper than 500 levels/);
  });

  test("GIVEN a dynamic block over 200,000 literal elements THEN it expands", () => {
    const tree = {
      dynamic: {
        toleration: [{ for_each: Array.from({ length: 200_000 }, (_, i) => `k${i}`), content: [{}] }],
      },
    };
    const { value } = expandDynamicBlocks(tree, "x.tf");
    expect((value as { toleration: unknown[] }).toleration).toHaveLength(200_000);
  });
});

describe("non-object spec / metadata: one behaviour, invalid input", () => {
  test.each([
    [
      "kubernetes_daemon_set_v1",
      { metadata: { name: "a" }, spec: 5 },
      /"spec" must be an object, found a number/,
    ],
    [
      "kubernetes_daemon_set_v1",
      { metadata: "x", spec: {} },
      /"metadata" must be an object, found the string "x"/,
    ],
    [
      "kubernetes_manifest",
      { manifest: { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "a" }, spec: [1] } },
      /manifest: "spec" must be an object, found a list/,
    ],
  ])("GIVEN %s with %j THEN exit 2 naming the file, resource and field", async (type, body, message) => {
    const text = JSON.stringify({ resource: { [type]: { a: body } } }, null, 2);
    const error = await loadTfJson("a.tf.json", text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp(`^a\\.tf\\.json:4: ${type}\\.a: `));
    expect((error as InputError).message).toMatch(message);
  });

  test("GIVEN a kubernetes_manifest whose spec is an expression THEN it stays unknown, not invalid", async () => {
    const text = JSON.stringify({
      resource: {
        kubernetes_manifest: {
          a: {
            manifest: {
              apiVersion: "apps/v1",
              kind: "DaemonSet",
              metadata: { name: "a" },
              spec: "${var.spec}",
            },
          },
        },
      },
    });
    const load = await loadTfJson("a.tf.json", text);
    expect(load.daemonSets[0].manifest.spec).toBe("${var.spec}");
    expect(load.warnings.join("\n")).toContain("unknown until apply (spec)");
  });
});

describe("hcl2json is bounded", () => {
  test("GIVEN a heredoc over the supported size THEN exit 2 at once, naming its line", async () => {
    const text = `resource "x" "y" {\n  a = <<EOT\n${"x".repeat(MAX_HEREDOC_CHARS + 10)}\nEOT\n}\n`;
    const error = await loadHcl("big.tf", text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^big\.tf:2: heredoc of \d+ characters is over the 200000 supported/,
    );
  });

  test("GIVEN HCL nested 3,000 levels deep THEN exit 2 before hcl2json (which would overflow and abort the process)", async () => {
    const text = "locals {\n  a = " + "{ b = ".repeat(3000) + "1" + "}".repeat(3000) + "\n}\n";
    await expect(loadHcl("deep.tf", text)).rejects.toThrow(
      /^deep\.tf:2: brackets nested deeper than 500 levels/,
    );
    // hcl2json still works afterwards.
    expect((await loadHcl("ok.tf", 'locals {\n  a = "b"\n}\n')).daemonSets).toEqual([]);
  });

  test("GIVEN a file over the supported size THEN exit 2 before parsing", async () => {
    await expect(loadHcl("big.tf", "#".repeat(1_000_001))).rejects.toThrow(/over the 1000000 supported/);
  });
});
