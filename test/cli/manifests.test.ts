import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { MANIFEST_HEADER } from "../../lib/inputs/manifest-yaml";
import { MALFORMED_HCL, MALFORMED_JSON, MALFORMED_YAML } from "../inputs/fixtures/malformed";

const FIXTURES = path.join(__dirname, "../inputs/fixtures");

async function run(cwd: string, args: string[], stdin = "") {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const documents = (text: string) =>
  parseAllDocuments(text).map((d) => d.toJS() as { metadata: { name: string } });

describe("wavegate manifests", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wavegate-manifests-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("prints every DaemonSet as multi-document YAML, the summary and warnings on stderr", async () => {
    const { code, out, err } = await run(FIXTURES, ["manifests", "modules.plan.json", "unstaged.tf"]);
    expect(code).toBe(0);
    expect(documents(out).map((d) => d.metadata.name)).toEqual([
      "agent-canary",
      "agent-production",
      "sidecar",
      "node-agent",
    ]);
    expect(err).toContain("wavegate: 4 DaemonSet(s) printed (read 2 file(s), 1 other resource(s))");
    expect(err).toContain(
      "wavegate: warning: modules.plan.json: 1 resource(s) planned for deletion were not checked",
    );
  });

  test("reads standard input for -", async () => {
    const stdin = readFileSync(path.join(FIXTURES, "unstaged.yaml"), "utf8");
    const { code, out } = await run(dir, ["manifests", "-"], stdin);
    expect(code).toBe(0);
    expect(documents(out)[0].metadata.name).toBe("node-agent");
  });

  test("--input-format overrides detection", async () => {
    writeFileSync(path.join(dir, "agent.txt"), readFileSync(path.join(FIXTURES, "unstaged.tf"), "utf8"));
    const { code, out } = await run(dir, ["manifests", "agent.txt", "--input-format", "hcl"]);
    expect(code).toBe(0);
    expect(documents(out)[0].metadata.name).toBe("node-agent");
  });

  test("says so, and exits 0, when no DaemonSet is found", async () => {
    writeFileSync(path.join(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    const { code, out, err } = await run(dir, ["manifests", "cm.yaml"]);
    expect(code).toBe(0);
    expect(out).toBe("");
    expect(err).toContain(
      "wavegate: no DaemonSets found (read 1 file(s), 1 other resource(s)); nothing to print",
    );
  });

  describe("--out", () => {
    test("writes one file per DaemonSet, each starting with the wavegate header, and lists them", async () => {
      const { code, out } = await run(FIXTURES, [
        "manifests",
        "modules.plan.json",
        "--out",
        path.join(dir, "out"),
      ]);
      expect(code).toBe(0);
      const files = readdirSync(path.join(dir, "out")).sort();
      expect(files).toEqual([
        "kube-system.sidecar.yaml",
        "kubernetes.eu.kube-system.agent-canary.yaml",
        "kubernetes.eu.kube-system.agent-production.yaml",
      ]);
      expect(
        out
          .trim()
          .split("\n")
          .map((f) => path.basename(f))
          .sort(),
      ).toEqual(files);
      for (const f of files) {
        const text = readFileSync(path.join(dir, "out", f), "utf8");
        expect(text.startsWith(`${MANIFEST_HEADER}\n`)).toBe(true);
        expect(documents(text)).toHaveLength(1);
      }
    });

    test("overwrites files it wrote before", async () => {
      const args = ["manifests", path.join(FIXTURES, "unstaged.yaml"), "--out", "out"];
      expect((await run(dir, args)).code).toBe(0);
      const target = path.join(dir, "out", "kube-system.node-agent.yaml");
      writeFileSync(target, `${MANIFEST_HEADER}\n# stale\n`);
      expect((await run(dir, args)).code).toBe(0);
      expect(readFileSync(target, "utf8")).toContain("name: node-agent");
    });

    test("refuses, exit 2 and nothing written, when a target exists and was not written by wavegate", async () => {
      mkdirSync(path.join(dir, "out"));
      const mine = path.join(dir, "out", "kube-system.sidecar.yaml");
      writeFileSync(mine, "# hand-written, precious\n");
      const { code, out, err } = await run(dir, [
        "manifests",
        path.join(FIXTURES, "modules.plan.json"),
        "--out",
        "out",
      ]);
      expect(code).toBe(2);
      expect(out).toBe("");
      const lines = err.trim().split("\n");
      // Warnings first, then the error: one line naming the file.
      expect(lines.slice(0, -1).every((l) => l.startsWith("wavegate: warning: "))).toBe(true);
      expect(lines.at(-1)).toMatch(
        /^wavegate: out\/kube-system\.sidecar\.yaml: exists and was not written by wavegate .*refusing/,
      );
      expect(readFileSync(mine, "utf8")).toBe("# hand-written, precious\n");
      // Checked before writing anything: the other DaemonSets were not written either.
      expect(readdirSync(path.join(dir, "out"))).toEqual(["kube-system.sidecar.yaml"]);
    });

    test("refuses an --out that is a file", async () => {
      writeFileSync(path.join(dir, "out"), "x");
      const { code, err } = await run(dir, [
        "manifests",
        path.join(FIXTURES, "unstaged.yaml"),
        "--out",
        "out",
      ]);
      expect(code).toBe(2);
      expect(err).toBe("wavegate: --out out: exists and is not a directory; name a directory\n");
    });
  });

  describe("malformed input: exit 2, one line naming the file and line", () => {
    test.each([
      ["main.tf", MALFORMED_HCL, /^wavegate: main\.tf:3: malformed HCL: /],
      ["ds.yaml", MALFORMED_YAML, /^wavegate: ds\.yaml:5: malformed YAML: /],
      ["ds.json", MALFORMED_JSON, /^wavegate: ds\.json:4: malformed JSON/],
    ])("%s", async (name, text, message) => {
      writeFileSync(path.join(dir, name), text);
      for (const command of ["manifests", "check"]) {
        const { code, out, err } = await run(dir, [command, name]);
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).toMatch(message);
        expect(err.trim().split("\n")).toHaveLength(1);
      }
    });
  });
});

describe("wavegate manifests prints waves in rollout order (issue 12)", () => {
  test("GIVEN a file listing production, staging, canary THEN canary, staging, production", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wavegate-manifests-order-"));
    try {
      const json = JSON.parse(
        readFileSync(path.join(__dirname, "../policy/fixtures/staged-good.tf.json"), "utf8"),
      );
      const resources = json.resource.kubernetes_daemon_set_v1;
      json.resource.kubernetes_daemon_set_v1 = Object.fromEntries(Object.entries(resources).reverse());
      writeFileSync(path.join(dir, "agent.tf.json"), JSON.stringify(json));
      const { code, out } = await run(dir, ["manifests", "agent.tf.json"]);
      expect(code).toBe(0);
      expect(documents(out).map((d) => d.metadata.name)).toEqual([
        "node-agent-canary",
        "node-agent-staging",
        "node-agent",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
