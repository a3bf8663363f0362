import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DaemonSet as K8sDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { parseAllDocuments } from "yaml";
import { runCli } from "../../lib/cli/main";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { loadInputs } from "../../lib/inputs/load";
import {
  isWavegateManifest,
  MANIFEST_HEADER,
  manifestFiles,
  renderManifest,
  renderManifests,
} from "../../lib/inputs/manifest-yaml";
import { LoadedDaemonSet } from "../../lib/inputs/types";

const EXAMPLES = path.join(__dirname, "../../examples");
const fixture = (name: string) => path.join(__dirname, "fixtures", name);

/** Validates an object against the Kubernetes OpenAPI schema (kubernetes-models); throws when invalid. */
const validate = (obj: unknown) =>
  new K8sDaemonSet(obj as ConstructorParameters<typeof K8sDaemonSet>[0]).validate();

const documents = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

function daemonSet(manifest: object, extra: Partial<LoadedDaemonSet> = {}): LoadedDaemonSet {
  return {
    source: { file: "in.yaml", format: "k8s-yaml", address: "DaemonSet/default/x" },
    kind: "DaemonSet",
    cluster: "default",
    manifest: manifest as LoadedDaemonSet["manifest"],
    ...extra,
  };
}

describe("renderManifest", () => {
  test("Kubernetes key order, a source comment, and YAML that reads back to the same object", async () => {
    const [ds] = (await loadInputs([fixture("unstaged.tf")])).daemonSets;
    const text = renderManifest(ds);
    expect(text.split("\n")[0]).toBe(
      `# Source: ${fixture("unstaged.tf")}:2, kubernetes_daemonset.node_agent`,
    );
    const [doc] = documents(text);
    expect(Object.keys(doc)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(doc).toEqual(ds.manifest);
    expect(text).not.toContain("Unknown");
  });

  test("unknown values are kept as their expressions and listed in a comment", async () => {
    const { daemonSets } = await loadInputs([fixture("unknown-names.tf")]);
    const text = renderManifest(daemonSets[0]);
    expect(text).toContain(
      "# Unknown until plan/apply (kept as written): metadata.name, spec.selector.matchLabels.zone, " +
        "spec.template.metadata.labels.zone\n",
    );
    expect(documents(text)[0]).toMatchObject({ metadata: { name: "per-zone-${each.key}" } });
  });

  test("strings Kubernetes' YAML 1.1 would misread are quoted, and read back as strings", async () => {
    const ds = daemonSet({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "x", annotations: { a: "yes", b: "0644", c: "0", d: "on", e: "1:30" } },
      spec: {},
    });
    const back = await loadKubernetesYaml("back.yaml", renderManifest(ds));
    expect(back.daemonSets[0].manifest.metadata.annotations).toEqual({
      a: "yes",
      b: "0644",
      c: "0",
      d: "on",
      e: "1:30",
    });
  });

  test("no YAML anchors or aliases, even when the manifest shares objects", () => {
    const labels = { app: "x" };
    const ds = daemonSet({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "x", labels },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [] } },
      },
    });
    expect(renderManifest(ds)).not.toMatch(/[&*]a\d/);
  });

  test("comments stay one line, whatever the source name holds", () => {
    const ds = daemonSet(
      { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "x" }, spec: {} },
      {
        source: { file: "odd\nname.yaml", format: "k8s-yaml", address: "DaemonSet/default/x" },
      },
    );
    expect(documents(renderManifest(ds))[0].kind).toBe("DaemonSet");
  });

  test("renderManifests separates documents; nothing for no DaemonSets", async () => {
    const { daemonSets } = await loadInputs([fixture("modules.plan.json")]);
    const text = renderManifests(daemonSets);
    expect(documents(text)).toHaveLength(3);
    expect(text.match(/^---$/gm)).toHaveLength(2);
    expect(renderManifests([])).toBe("");
  });
});

describe("manifestFiles", () => {
  test("one file per DaemonSet, named cluster.namespace.name, made unique and safe", async () => {
    const { daemonSets } = await loadInputs([
      fixture("modules.plan.json"),
      fixture("messy.tf"),
      fixture("unknown-names.tf"),
      fixture("unknown-names.tf"),
    ]);
    const names = manifestFiles(daemonSets).map((f) => f.name);
    expect(names).toEqual([
      "kubernetes.eu.kube-system.agent-canary.yaml",
      "kubernetes.eu.kube-system.agent-production.yaml",
      "kube-system.sidecar.yaml",
      // count / for_each instances with literal locals get their own names.
      "kubernetes.dev.monitoring.agent-0.yaml",
      "kubernetes.dev.monitoring.agent-1.yaml",
      "default.per-zone-a.yaml",
      "default.per-zone-b.yaml",
      // Unknown names fall back to the resource address.
      "kubernetes_daemonset.per_zone.yaml",
      "kubernetes_daemonset.per_zone-2.yaml",
    ]);
  });

  test("every file starts with the header that marks it as wavegate's", async () => {
    const { daemonSets } = await loadInputs([fixture("unstaged.yaml")]);
    const [file] = manifestFiles(daemonSets);
    expect(file.text.startsWith(`${MANIFEST_HEADER}\n# Source: `)).toBe(true);
    expect(isWavegateManifest(file.text)).toBe(true);
    expect(isWavegateManifest(`# my own notes\n${file.text}`)).toBe(false);
    expect(isWavegateManifest(MANIFEST_HEADER)).toBe(false);
  });
});

describe("manifests output validates against the Kubernetes OpenAPI schema (kubernetes-models)", () => {
  const examples = readdirSync(EXAMPLES).filter((d) => existsSync(path.join(EXAMPLES, d, "main.ts")));
  const outdirs: string[] = [];
  afterAll(() => {
    delete process.env.CDKTF_OUTDIR;
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  test("there are examples to check", () => {
    expect(examples).toContain("seed-three-waves");
  });

  test.each(examples)(
    "examples/%s: every DaemonSet printed by `wavegate manifests` is valid",
    async (example) => {
      const outdir = mkdtempSync(path.join(tmpdir(), `wavegate-manifests-${example}-`));
      outdirs.push(outdir);
      process.env.CDKTF_OUTDIR = outdir;
      process.env.CHECKPOINT_DISABLE = "1";
      jest.isolateModules(() => {
        // Each example synthesizes when loaded, into CDKTF_OUTDIR.
        jest.requireActual(path.join(EXAMPLES, example, "main"));
      });
      let out = "";
      const code = await runCli(["manifests", outdir], {
        out: (t) => void (out += t),
        err: () => undefined,
        isTty: false,
        cwd: process.cwd(),
        readStdin: async () => "",
      });
      expect(code).toBe(0);
      const docs = documents(out);
      const { daemonSets } = await loadInputs([outdir]);
      expect(docs).toHaveLength(daemonSets.length);
      for (const doc of docs) expect(() => validate(doc)).not.toThrow();
    },
  );

  test("the fixtures' manifests (HCL, plan JSON, YAML) validate too", async () => {
    const { daemonSets } = await loadInputs(
      ["unstaged.tf", "unstaged.plan.json", "modules.plan.json", "unstaged.yaml", "helm-rendered.yaml"].map(
        fixture,
      ),
    );
    expect(daemonSets.length).toBeGreaterThanOrEqual(7);
    for (const doc of documents(renderManifests(daemonSets))) expect(() => validate(doc)).not.toThrow();
  });

  test("a deliberately broken DaemonSet does not validate, and the error names the fields", async () => {
    const { daemonSets } = await loadInputs([fixture("unstaged.tf")]);
    const [doc] = documents(renderManifests(daemonSets));
    const spec = doc.spec as {
      template: { spec: { containers: Record<string, unknown>[] } };
      minReadySeconds?: unknown;
    };
    delete spec.template.spec.containers[0].name;
    spec.minReadySeconds = "soon";
    expect(() => validate(doc)).toThrow(
      /minReadySeconds must be integer.*containers\/0 must have required property name/,
    );
  });

  test("values unknown until apply in typed fields do not validate (which is why they are listed)", async () => {
    const { daemonSets } = await loadInputs([fixture("messy.tf")]);
    const [agent] = documents(renderManifests(daemonSets));
    expect(() => validate(agent)).toThrow(/minReadySeconds must be integer/);
  });
});
