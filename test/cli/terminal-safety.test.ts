import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { hasUnprintable, printable, printableValues } from "../../lib/model/printable";
import { runIn } from "./fake-io";

/** A name that forges a GitHub workflow command and a verdict, and clears the screen, when printed raw. */
const FORGED = "agent\n::error file=README.md::forged\nGate: passed\u001b[2J\r\u202e";

/** Lines a CI log would read as workflow commands or as wavegate's verdict, and raw control characters. */
function forgeries(text: string): string[] {
  const lines = text.split("\n");
  const bad = lines.filter((l) => l.startsWith("::") || l.startsWith("Gate: passed"));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text)) bad.push("a raw control character");
  return bad;
}

function guardrail(name: string, resource = "agent", image = "registry.example/agent:v1.0.0") {
  return {
    resource: {
      kubernetes_daemon_set_v1: {
        [resource]: {
          metadata: { name, namespace: "kube-system" },
          spec: {
            selector: { match_labels: { app: "agent" } },
            strategy: { type: "RollingUpdate", rolling_update: { max_unavailable: "10%" } },
            template: {
              metadata: { labels: { app: "agent" } },
              spec: { container: [{ name: "agent", image }] },
            },
          },
        },
      },
    },
  };
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-tty-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("printable", () => {
  test("escapes C0, DEL, C1, line separators and bidi overrides; leaves other text alone", () => {
    expect(printable("a\nb\r\tc\u001b[31m\u007f\u0085\u009b\u2028\u202e")).toBe(
      "a\\nb\\r\\tc\\u001b[31m\\u007f\\u0085\\u009b\\u2028\\u202e",
    );
    expect(printable("kube-system/agent ✓ ünïcode C:\\path")).toBe("kube-system/agent ✓ ünïcode C:\\path");
    expect(hasUnprintable("ok")).toBe(false);
  });

  test("printableValues copies only what changes, keeps class instances", () => {
    const date = new Date(0);
    const clean = { a: ["x", { b: 1 }], date };
    expect(printableValues(clean)).toBe(clean);
    const dirty = { a: ["x", { b: "y\n" }], date, keep: clean };
    const out = printableValues(dirty);
    expect(out).toEqual({ a: ["x", { b: "y\\n" }], date, keep: clean });
    expect(out.keep).toBe(clean);
    expect(out.date).toBe(date);
    expect(dirty.a[1]).toEqual({ b: "y\n" });
  });
});

describe("names from inputs never forge lines or escape sequences in human output", () => {
  test("GIVEN a DaemonSet named with a forged workflow command WHEN check prints text THEN it is escaped", async () => {
    const dir = dirWith({ "x.tf.json": JSON.stringify(guardrail(FORGED, `a${FORGED}`)) });
    const { code, out, err } = await runIn(dir, ["check", "x.tf.json"]);
    expect(code).toBe(1);
    expect(forgeries(out + err)).toEqual([]);
    expect(out).toContain("agent\\n::error file=README.md::forged\\nGate: passed\\u001b[2J");
    expect(out).toMatch(/^Gate: FAILED/m);
  });

  test("GIVEN the same WHEN check --verbose THEN pass and n/a lines are escaped too", async () => {
    const dir = dirWith({ "x.tf.json": JSON.stringify(guardrail(FORGED)) });
    const { out } = await runIn(dir, ["check", "x.tf.json", "--verbose"]);
    expect(forgeries(out)).toEqual([]);
  });

  test("GIVEN an image with control characters WHEN a rule quotes it THEN the message is escaped", async () => {
    const dir = dirWith({
      "x.tf.json": JSON.stringify(guardrail("agent", "agent", `evil:latest\n::error::x`)),
    });
    const { out } = await runIn(dir, ["check", "x.tf.json"]);
    expect(forgeries(out)).toEqual([]);
  });

  test("GIVEN the JSON report THEN names stay exactly as read (machine output is not altered)", async () => {
    const dir = dirWith({ "x.tf.json": JSON.stringify(guardrail(FORGED)) });
    const { out } = await runIn(dir, ["check", "x.tf.json", "--format", "json"]);
    expect(out).toContain(JSON.stringify(FORGED).slice(1, -1));
  });

  test("GIVEN a forged agent name WHEN plan prints text and markdown THEN it is escaped", async () => {
    const dir = dirWith({
      "x.tf.json": JSON.stringify(guardrail(FORGED)),
      "fleet.json": JSON.stringify({ nodes: { [FORGED]: 100 } }),
    });
    for (const format of ["text", "markdown"]) {
      const { code, out, err } = await runIn(dir, [
        "plan",
        "x.tf.json",
        "--fleet",
        "fleet.json",
        "--format",
        format,
      ]);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(forgeries(out)).toEqual([]);
      expect(out).toContain("agent\\n::error");
    }
  });

  test("GIVEN a forged resource name WHEN manifests warns about it THEN the warning is escaped", async () => {
    const body = guardrail("agent", `a${FORGED}`);
    const ds = body.resource.kubernetes_daemon_set_v1[`a${FORGED}`];
    (ds.metadata as Record<string, unknown>).labels = { team: "${var.team}" };
    const dir = dirWith({ "x.tf.json": JSON.stringify(body) });
    const { code, err } = await runIn(dir, ["manifests", "x.tf.json"]);
    expect(code).toBe(0);
    expect(err).toMatch(/warning: .*unknown/);
    expect(forgeries(err)).toEqual([]);
  });

  test("GIVEN a malformed file whose name forges a command WHEN check fails THEN the one-line error is escaped", async () => {
    const dir = dirWith({ [`\u001b[2Jbad${FORGED.replace(/\//g, "")}.tf.json`]: "{ nope" });
    const { code, err } = await runIn(dir, ["check", "."]);
    expect(code).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(forgeries(err)).toEqual([]);
  });

  test("GIVEN an unknown option with an escape sequence THEN commander's error is escaped", async () => {
    const { code, err } = await runIn(tmpdir(), ["check", "--x\u001b[2J"]);
    expect(code).toBe(2);
    expect(forgeries(err)).toEqual([]);
  });
});
