import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseReleaseText, releaseJsonSchema } from "../../lib/release";

const root = path.join(__dirname, "..", "..");

describe("the release file's JSON Schema", () => {
  test("the published schemas/wavegate.release.schema.json is the zod schema's (regenerate it when this fails)", () => {
    // Regenerate: npx tsx -e 'import { releaseJsonSchema } from "./lib/release/schema"; process.stdout.write(JSON.stringify(releaseJsonSchema(), null, 2) + "\n")' > schemas/wavegate.release.schema.json && npx prettier --write schemas
    const published = JSON.parse(
      readFileSync(path.join(root, "schemas/wavegate.release.schema.json"), "utf8"),
    );
    expect(published).toEqual(releaseJsonSchema());
    expect(published.properties.agents.items.properties.waves.items.required).toEqual(["name", "version"]);
  });

  test("the package ships it", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.files).toContain("schemas/*.json");
    expect(pkg.exports["./schemas/wavegate.release.schema.json"]).toBe(
      "./schemas/wavegate.release.schema.json",
    );
  });

  test("the seed example's release file is valid; errors name the file, line or field", () => {
    const file = path.join(root, "examples/seed-three-waves/wavegate.release.yaml");
    const seed = parseReleaseText(readFileSync(file, "utf8"), "seed.yaml");
    expect(
      seed.agent("cloud-sec-agent").waves.map((w) => [w.name, w.release.version, w.bakeSeconds]),
    ).toEqual([
      ["canary", "v2.5.0", 3600],
      ["staging", "v2.4.0", 3600],
      ["production", "v2.4.0", 3600],
    ]);
    expect(() => parseReleaseText("agents: [\n", "r.yaml")).toThrow(/^r\.yaml: line \d+: /);
    expect(() =>
      parseReleaseText(
        '{"apiVersion": "wavegate.dev/v1alpha1", "kind": "Release", "agents": [{"name": "a", "waves": [{"name": "w", "version": "v1"}]}], "x": 1}',
        "r.json",
      ),
    ).toThrow(/^r\.json: \(root\): unknown field "x"/);
    expect(() =>
      parseReleaseText(
        "apiVersion: wavegate.dev/v1alpha1\nkind: Release\nagents:\n  - name: a\n    waves:\n      - { name: w, version: v1, bake: soon }\n",
        "r.yaml",
      ),
    ).toThrow(/agents\[0\]\.waves\[0\]\.bake: must be a duration/);
    expect(() =>
      parseReleaseText(
        "apiVersion: wavegate.dev/v1alpha1\nkind: Release\nagents:\n  - name: a\n    waves:\n      - { name: w, version: v1 }\n      - { name: w, version: v2 }\n",
        "r.yaml",
      ),
    ).toThrow(/agents\[0\]\.waves\[1\]\.name: wave "w" is listed twice/);
  });

  test("an agent released per cluster: agent() asks for the cluster; forCluster() narrows the file", () => {
    const text = `apiVersion: wavegate.dev/v1alpha1
kind: Release
agents:
  - { name: a, cluster: eu-1, waves: [{ name: w, version: v1 }] }
  - { name: a, cluster: us-1, waves: [{ name: w, version: v2 }] }
`;
    const file = parseReleaseText(text, "r.yaml");
    expect(() => file.agent("a")).toThrow(
      /agent "a" is listed once per cluster\. Name the cluster: one of "eu-1", "us-1"/,
    );
    expect(file.agent("a", "us-1").waves[0].release.version).toBe("v2");
    expect(file.forCluster("eu-1").agent("a").waves[0].release.version).toBe("v1");
  });
});
