import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as Sarif from "sarif";
import { Testing, TerraformStack } from "cdktf";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { threeWaveAgent } from "../helpers/staged-agent";
import { JsonReport } from "../../lib/policy/reporters/json";

/** A fake CliIo collecting stdout and stderr. */
function fakeIo(
  cwd: string,
  stdin = "",
  isTty = false,
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty,
    cwd,
    readStdin: async () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

async function run(cwd: string, args: string[], stdin?: string, isTty?: boolean) {
  const io = fakeIo(cwd, stdin, isTty);
  const code = await runCli(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A three-wave staged agent, every wave on the same digest-pinned version: no error-level finding. */
function stagedJson(): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, "staged");
  threeWaveAgent(stack);
  return JSON.stringify(stack.toTerraform(), null, 2);
}

/** The classic "guardrail": one DaemonSet, max_unavailable 10%. */
const GUARDRAIL = {
  resource: {
    kubernetes_daemon_set_v1: {
      agent: {
        metadata: { name: "agent", namespace: "kube-system" },
        spec: {
          selector: { match_labels: { app: "agent" } },
          strategy: { type: "RollingUpdate", rolling_update: { max_unavailable: "10%" } },
          template: {
            metadata: { labels: { app: "agent" } },
            spec: { container: [{ name: "agent", image: "registry.example/agent:v1.0.0" }] },
          },
        },
      },
    },
  },
};

describe("wavegate check", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-check-"));
  const empty = mkdtempSync(path.join(tmpdir(), "wavegate-check-empty-"));
  beforeAll(() => {
    writeFileSync(path.join(dir, "staged.tf.json"), stagedJson());
    writeFileSync(path.join(dir, "guardrail.tf.json"), JSON.stringify(GUARDRAIL, null, 2));
    writeFileSync(path.join(dir, "broken.tf.json"), '{\n  "resource": {\n    "x": [1,,]\n  }\n}\n');
    writeFileSync(
      path.join(dir, "suppress-guardrail.json"),
      JSON.stringify({
        suppressions: [
          {
            rule: "WG101",
            resource: "kubernetes_daemon_set_v1.agent",
            reason: "legacy agent, migrating in Q3",
          },
        ],
        options: { disabledRules: ["WG107"] },
      }),
    );
    writeFileSync(
      path.join(dir, "bad-config.json"),
      JSON.stringify({ suppressions: [{ rule: "WG101", resource: "*", reason: "short" }] }),
    );
  });

  describe("exit codes", () => {
    test("0 when the gate passes (warnings do not fail at the default fail-on error)", async () => {
      const r = await run(dir, ["check", "staged.tf.json"]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain("wavegate check: 1 file, 1 stack, 3 DaemonSets read");
      expect(r.out).toContain("Gate: passed (fail on error)");
    });

    test("1 when warnings fail with --fail-on warning", async () => {
      const r = await run(dir, ["check", "staged.tf.json", "--fail-on", "warning"]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^wavegate: gate failed: \d+ failures at severity warning or error\n$/);
    });

    test("1 for the classic single DaemonSet with max_unavailable 10%, naming WG101", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json"]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/✗ WG101 error/);
      expect(r.out).toContain("DaemonSets without a rollout contract");
    });

    test("2 for malformed input: one line naming the file and line, no stack trace", async () => {
      const r = await run(dir, ["check", "staged.tf.json", "broken.tf.json"]);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/^wavegate: broken\.tf\.json(:3)?: malformed JSON[^\n]*\n$/);
    });

    test("2 for a missing path", async () => {
      const r = await run(dir, ["check", "nope.tf.json"]);
      expect(r).toMatchObject({ code: 2, err: "wavegate: nope.tf.json: no such file or directory\n" });
    });

    test("2 for bad usage: no path, unknown format, unknown fail-on level", async () => {
      expect((await run(dir, ["check"])).code).toBe(2);
      const format = await run(dir, ["check", "staged.tf.json", "--format", "html"]);
      expect(format.code).toBe(2);
      expect(format.err).toContain("Allowed choices are text, json, sarif, junit");
      expect((await run(dir, ["check", "staged.tf.json", "--fail-on", "info"])).code).toBe(2);
      expect((await run(dir, ["check", "staged.tf.json", "--input-format", "xml"])).code).toBe(2);
    });
  });

  describe("inputs", () => {
    test("Kubernetes YAML: a single DaemonSet fails WG101", async () => {
      const yaml = [
        "apiVersion: apps/v1",
        "kind: DaemonSet",
        "metadata: { name: agent, namespace: kube-system }",
        "spec:",
        "  selector: { matchLabels: { app: agent } }",
        "  updateStrategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 100% } }",
        "  template:",
        "    metadata: { labels: { app: agent } }",
        "    spec: { containers: [{ name: agent, image: 'registry.example/agent:latest' }] }",
      ].join("\n");
      writeFileSync(path.join(dir, "agent.yaml"), yaml);
      const r = await run(dir, ["check", "agent.yaml", "--format", "json"]);
      expect(r.code).toBe(1);
      const failed = (JSON.parse(r.out) as JsonReport).findings.map((f) => f.ruleId);
      expect(failed).toEqual(expect.arrayContaining(["WG101", "WG102", "WG104", "WG109"]));
    });

    test("no DaemonSets: the gate passes but the report says nothing was checked", async () => {
      writeFileSync(
        path.join(dir, "other.tf.json"),
        JSON.stringify({ resource: { null_resource: { x: {} } } }),
      );
      const r = await run(dir, ["check", "other.tf.json"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(
        "wavegate check: 1 file, 0 stacks, 0 DaemonSets read (1 other resource not checked)",
      );
      expect(r.out).toContain("No DaemonSets found: nothing was checked.");
    });
  });

  describe("formats", () => {
    test("json on stdout, verdict on stderr", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "staged.tf.json", "--format", "json"]);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.out) as JsonReport;
      expect(json.summary).toMatchObject({ files: 2, daemonSets: 4 });
      expect(json.gate?.passed).toBe(false);
      expect(
        json.findings.some(
          (f) => f.ruleId === "WG101" && f.resource.address === "kubernetes_daemon_set_v1.agent",
        ),
      ).toBe(true);
      expect(r.err).toContain("wavegate: 2 files, 1 stack, 4 DaemonSets read:");
    });

    test("sarif", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--format", "sarif"]);
      const log = JSON.parse(r.out) as Sarif.Log;
      expect(log.version).toBe("2.1.0");
      expect(log.runs[0].tool.driver.rules?.map((x) => x.id)).toContain("WG101");
      expect(
        log.runs[0].results?.find((x) => x.ruleId === "WG101")?.locations?.[0].physicalLocation
          ?.artifactLocation?.uri,
      ).toBe("guardrail.tf.json");
      // The resource's line, which GitHub code scanning needs to place the alert.
      expect(
        log.runs[0].results?.find((x) => x.ruleId === "WG101")?.locations?.[0].physicalLocation?.region
          ?.startLine,
      ).toBe(4);
    });

    test("junit", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--format", "junit"]);
      expect(r.out).toMatch(/^<\?xml version="1.0"/);
      expect(r.out).toContain(
        '<testcase name="kubernetes_daemon_set_v1.agent (guardrail.tf.json:4)" classname="WG101">',
      );
    });

    test("text has colours on a TTY only", async () => {
      expect((await run(dir, ["check", "guardrail.tf.json"], undefined, true)).out).toContain("\u001b[31m");
      expect((await run(dir, ["check", "guardrail.tf.json"])).out).not.toContain("\u001b[");
    });

    test("--verbose lists passes", async () => {
      const r = await run(dir, ["check", "staged.tf.json", "--verbose"]);
      expect(r.out).toMatch(/✓ WG101 pass/);
    });

    test("- reads standard input", async () => {
      const r = await run(dir, ["check", "-", "--format", "json"], JSON.stringify(GUARDRAIL));
      expect(r.code).toBe(1);
      expect((JSON.parse(r.out) as JsonReport).input.files).toEqual(["<stdin>"]);
    });
  });

  describe("--output", () => {
    test("writes the report to the file and a summary to stdout", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--format", "sarif", "--output", "out.sarif"]);
      expect(r.code).toBe(1);
      expect(r.out).toContain("wavegate: wrote the sarif report to out.sarif");
      expect(r.out).toContain("gate FAILED (fail on error)");
      expect((JSON.parse(readFileSync(path.join(dir, "out.sarif"), "utf8")) as Sarif.Log).version).toBe(
        "2.1.0",
      );
    });

    test("never overwrites an input file (any spelling) or the config", async () => {
      const before = readFileSync(path.join(dir, "guardrail.tf.json"), "utf8");
      for (const target of [
        "guardrail.tf.json",
        "./guardrail.tf.json",
        path.join(dir, "guardrail.tf.json"),
      ]) {
        const r = await run(dir, ["check", "guardrail.tf.json", "--output", target]);
        expect(r.code).toBe(2);
        expect(r.err).toContain("refusing to overwrite the input file guardrail.tf.json");
      }
      const cfg = await run(dir, [
        "check",
        "guardrail.tf.json",
        "--config",
        "suppress-guardrail.json",
        "-o",
        "suppress-guardrail.json",
      ]);
      expect(cfg.code).toBe(2);
      expect(readFileSync(path.join(dir, "guardrail.tf.json"), "utf8")).toBe(before);
    });

    test("never overwrites a file inside an input directory", async () => {
      const r = await run(path.dirname(dir), [
        "check",
        path.basename(dir),
        "--output",
        path.join(path.basename(dir), "staged.tf.json"),
      ]);
      expect(r.code).toBe(2);
    });

    test("an unwritable output path exits 2 naming it", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--output", "missing-dir/report.txt"]);
      expect(r).toMatchObject({
        code: 2,
        err: "wavegate: missing-dir/report.txt: cannot write the report: ENOENT\n",
      });
    });

    test("refuses a directory", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--output", "."]);
      expect(r).toMatchObject({ code: 2, err: "wavegate: --output .: is a directory; name a file\n" });
    });
  });

  describe("config", () => {
    test("suppressions from --config accept the failure; it is counted and shown", async () => {
      const r = await run(dir, ["check", "guardrail.tf.json", "--config", "suppress-guardrail.json"]);
      expect(r.out).toContain("~ WG101 suppressed error");
      expect(r.out).toContain("reason: legacy agent, migrating in Q3");
      expect(r.out).toMatch(/, 1 suppressed/);
    });

    test("wavegate.json is found in the working directory; --fail-on overrides its failOn", async () => {
      const cwd = mkdtempSync(path.join(tmpdir(), "wavegate-check-cfg-"));
      writeFileSync(path.join(cwd, "staged.tf.json"), stagedJson());
      writeFileSync(path.join(cwd, "wavegate.json"), JSON.stringify({ failOn: "warning" }));
      expect((await run(cwd, ["check", "staged.tf.json"])).code).toBe(1);
      expect((await run(cwd, ["check", "staged.tf.json", "--fail-on", "error"])).code).toBe(0);
    });

    test("an invalid config exits 2 naming the file and field", async () => {
      const r = await run(dir, ["check", "staged.tf.json", "--config", "bad-config.json"]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        "wavegate: bad-config.json: suppressions[0].reason: must be at least 10 characters: say why this failure is accepted\n",
      );
    });

    test("an unknown rule in the config exits 2", async () => {
      writeFileSync(
        path.join(empty, "wavegate.json"),
        JSON.stringify({ options: { disabledRules: ["WG999"] } }),
      );
      writeFileSync(path.join(empty, "g.tf.json"), JSON.stringify(GUARDRAIL));
      const r = await run(empty, ["check", "g.tf.json"]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('wavegate: wavegate.json: options.disabledRules[0]: there is no rule "WG999"');
    });
  });
});
