import { daemonSetsFromTerraformJson, loadTfJson } from "../../lib/inputs/tf-json";

describe("daemonSetsFromTerraformJson", () => {
  const source = { file: "main.tf.json", format: "tf-json" as const };

  test("GIVEN a cdk.tf.json THEN the stack name comes from its metadata", () => {
    const r = daemonSetsFromTerraformJson(
      {
        "//": { metadata: { stackName: "edge" } },
        resource: { kubernetes_daemon_set_v1: { a: { metadata: {} } } },
      },
      source,
    );
    expect(r.stacks).toEqual(["edge"]);
    expect(r.daemonSets[0].source.stack).toBe("edge");
  });

  test("GIVEN a stack in the source THEN it wins over the metadata", () => {
    const r = daemonSetsFromTerraformJson(
      { "//": { metadata: { stackName: "edge" } } },
      { ...source, stack: "x" },
    );
    expect(r.stacks).toEqual(["x"]);
  });

  test("GIVEN no resources THEN nothing found and nothing counted", () => {
    expect(daemonSetsFromTerraformJson({ terraform: {} }, source)).toEqual({
      daemonSets: [],
      otherResources: 0,
      warnings: [],
    });
  });

  test("GIVEN module blocks or a dynamic block without for_each THEN a warning says what was not followed", () => {
    const r = daemonSetsFromTerraformJson(
      {
        module: { agents: { source: "./agents" } },
        resource: {
          kubernetes_daemon_set_v1: {
            a: { metadata: { name: "a" }, spec: { template: { spec: { dynamic: { container: {} } } } } },
          },
        },
      },
      source,
    );
    expect(r.warnings).toEqual([
      'main.tf.json: dynamic "container" block without for_each (Terraform requires one): checked as one block whose container.* values are unknown',
      expect.stringMatching(/module blocks are not followed/),
    ]);
  });

  test("GIVEN something that is not an object THEN a warning, no crash", () => {
    expect(daemonSetsFromTerraformJson([1, 2], source).warnings).toEqual([
      "main.tf.json: not a Terraform JSON object; nothing read",
    ]);
  });

  test("loadTfJson parses text, and rejects malformed text with the line", async () => {
    await expect(loadTfJson("x.tf.json", '{"resource": {}}')).resolves.toMatchObject({ daemonSets: [] });
    await expect(loadTfJson("x.tf.json", '{\n"resource": {]\n}')).rejects.toMatchObject({
      file: "x.tf.json",
      line: 2,
    });
  });
});
