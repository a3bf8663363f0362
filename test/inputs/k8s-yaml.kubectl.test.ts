import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { NOT_RESOLVED, plainTag, resolvePlain } from "../../lib/inputs/yaml-scalars";

/**
 * Differential test against kubectl itself: `kubectl create --dry-run=client -o json` converts YAML to JSON with
 * sigs.k8s.io/yaml (go-yaml v2) without a cluster, given API discovery, which a stub server here answers. Skipped
 * only where kubectl is not installed.
 */
const kubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const DISCOVERY: Record<string, unknown> = {
  "/api": { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] },
  "/apis": {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [
      {
        name: "apps",
        versions: [{ groupVersion: "apps/v1", version: "v1" }],
        preferredVersion: { groupVersion: "apps/v1", version: "v1" },
      },
    ],
  },
  "/api/v1": { kind: "APIResourceList", groupVersion: "v1", resources: [] },
  "/apis/apps/v1": {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: "apps/v1",
    resources: [
      {
        name: "daemonsets",
        singularName: "daemonset",
        namespaced: true,
        kind: "DaemonSet",
        verbs: ["create"],
      },
    ],
  },
};

/** Plain scalars built from the characters go-yaml's resolver looks at: signs, digits, base prefixes, `_`, `.`, `e`. */
const plainScalar = fc
  .array(
    fc.constantFrom(
      "0",
      "1",
      "7",
      "8",
      "9",
      "_",
      ".",
      "e",
      "E",
      "+",
      "-",
      "x",
      "X",
      "o",
      "O",
      "b",
      "B",
      "f",
      "a",
      "inf",
      "nan",
      "y",
      "n",
      "on",
      "off",
      "yes",
      "no",
      "true",
      "null",
      "~",
      "0x",
      "0o",
      "0b",
      "1e",
      "1_0",
      ":",
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(""))
  .filter(
    (s) =>
      /^[^-?:,[\]{}#&*!|>'"%@`~ ]|^~$|^-[0-9.]/.test(s) &&
      !/[:#]\s|\s$/.test(s) &&
      !/^(-|\+)?\.(inf|nan)$/i.test(s) &&
      // `x:` right before `,` in a flow list: a string to go-yaml, a one-pair map to js-yaml (a known difference).
      !s.endsWith(":"),
  );

/** The key a plain scalar makes (kubectl keeps the last of duplicates; wavegate refuses them: each key once here). */
const keyOf = (s: string) => {
  const v = resolvePlain(s);
  return v === NOT_RESOLVED ? s : String(v);
};

(kubectl ? describe : describe.skip)("values as kubectl itself reads them", () => {
  let server: Server;
  let dir: string;
  let kubeconfig: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = DISCOVERY[(req.url ?? "").split("?")[0]];
      res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(body ?? { kind: "Status", code: 404 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    dir = mkdtempSync(path.join(tmpdir(), "wavegate-kubectl-"));
    kubeconfig = path.join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: s, cluster: {server: "http://127.0.0.1:${port}"}}]\n` +
        "contexts: [{name: s, context: {cluster: s}}]\ncurrent-context: s\n",
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function both(yaml: string): Promise<{ ours: unknown; theirs: unknown }> {
    const file = path.join(dir, "in.yaml");
    writeFileSync(file, yaml);
    // Asynchronously: the stub discovery server answers from this process's event loop.
    const { stdout: out } = await promisify(execFile)(
      "kubectl",
      ["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file],
      { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" },
    );
    const theirs = (JSON.parse(out) as { spec: unknown }).spec;
    const ours = (await loadKubernetesYaml("in.yaml", yaml)).daemonSets[0].manifest.spec;
    return { ours, theirs };
  }

  test("500 generated plain scalars, as values and as keys, resolve as kubectl resolves them", async () => {
    const scalars = fc.sample(plainScalar, { numRuns: 500, seed: 2026 });
    const unique = [...new Set(scalars)];
    const yaml =
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n" +
      `  values: [${unique.join(", ")}]\n` +
      `  keys:\n${unique
        .filter((s) => !["~", "null", "Null", "NULL"].includes(s))
        .filter((s, i, all) => all.findIndex((t) => keyOf(t) === keyOf(s)) === i)
        // A float key is written by Go's FormatFloat (`1e+08`), by JavaScript in full: a known difference.
        .filter((s) => plainTag(s) !== "!!float")
        .map((s, i) => `    ${s}: ${i}`)
        .join("\n")}\n`;
    const { ours, theirs } = await both(yaml);
    expect(ours).toEqual(theirs);
  }, 30_000);

  test("merge keys, aliases and tags", async () => {
    const yaml =
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n" +
      "  b: &b {privileged: true, x: 1}\n  sc: {privileged: false, <<: *b}\n  sc2: {<<: *b, privileged: false}\n" +
      "  l: {<<: [{k: 1}, {k: 2, z: 3}], z: 4}\n  t: [!!str 1, !!int '2', !x 3, !!float 4, ! 5]\n  v: <<\n";
    const { ours, theirs } = await both(yaml);
    expect(ours).toEqual(theirs);
  }, 30_000);
});
