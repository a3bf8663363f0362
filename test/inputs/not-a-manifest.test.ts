import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { loadInputs } from "../../lib/inputs/load";
import { InputError } from "../../lib/inputs/types";

async function message(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

/** An unrendered chart template that happens to parse as YAML (privileged would be an object, so no rule fails). */
const HELM_TEMPLATE = [
  "apiVersion: apps/v1",
  "kind: DaemonSet",
  "metadata:",
  '  name: "{{ .Release.Name }}-agent"',
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  '        - image: "{{ .Values.image }}"',
  "          securityContext:",
  "            privileged: {{ .Values.privileged }}",
  "",
].join("\n");

describe("inputs that are not manifests say what they look like", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wavegate-not-manifest-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("an unrendered Helm template is refused, even when it parses, naming the line and `helm template`", async () => {
    expect(await message(loadKubernetesYaml("templates/ds.yaml", HELM_TEMPLATE))).toBe(
      "templates/ds.yaml:4: looks like an unrendered Helm template (`{{ .Release.Name }}`): run `helm template` " +
        "first and check its output",
    );
  });

  test("a template that does not parse gets the hint instead of 'malformed YAML'", async () => {
    const text =
      "apiVersion: apps/v1\nkind: DaemonSet\n{{- if .Enabled }}\nmetadata: {name: x}\n{{- end }}\n";
    expect(await message(loadKubernetesYaml("t.yaml", text))).toMatch(
      /^t\.yaml:3: looks like an unrendered Helm template \(`\{\{- if \.Enabled \}\}`\)/,
    );
  });

  test("rendered output that holds Go templates of its own (Prometheus rules) is read as usual", async () => {
    const text =
      "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n" +
      '  - rules:\n    - alert: Down\n      annotations: {summary: "{{ $labels.instance }} is down"}\n';
    expect((await loadKubernetesYaml("r.yaml", text)).otherResources).toBe(1);
  });

  test("a Markdown file or a Nix expression given by mistake is named as such", async () => {
    writeFileSync(
      path.join(dir, "README.md"),
      "# Agent\n\n```yaml\napiVersion: apps/v1\nkind: DaemonSet\n```\n",
    );
    writeFileSync(path.join(dir, "agent.nix"), '{ pkgs, ... }:\n{\n  apiVersion = "apps/v1";\n}\n');
    expect(await message(loadInputs(["README.md"], { cwd: dir }))).toMatch(
      /^README\.md: looks like Markdown/,
    );
    expect(await message(loadInputs(["agent.nix"], { cwd: dir }))).toMatch(
      /^agent\.nix: looks like a Nix expression/,
    );
  });
});
