// Hostile sizes (issue 13), whole processes, one run each (bounded by a timeout; inputs generated in a temp dir and
// deleted after):
// - peak memory of `check` on a 500 MB tf.json (one DaemonSet whose annotation holds the bulk), beside a bare parse;
// - `check -` on standard input past the size limit (/dev/zero): exit 2, and the peak memory that took;
// - time of `check` on an HCL file with a 1 MB heredoc (hcl2json);
// - WG106 on 2,000 waves of one agent whose pools all overlap: time, peak memory, size of the JSON report.
// Only the stdin cap has a target (exit 2); the rest are figures to watch.
const { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { report } = require("./util");
const { bareParse, wavegate } = require("./process");

const TIMEOUT_MS = Number(process.env.BENCH_HOSTILE_TIMEOUT_MS ?? 120_000);
const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-hostile-"));
const daemonSet = (name, extra = {}) => ({
  metadata: { name, namespace: "kube-system", ...extra },
  spec: {
    selector: { match_labels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { container: [{ name: "agent", image: "registry.example/agent:v1.0.0" }] },
    },
  },
});
const outcome = (r) =>
  r.timedOut
    ? `timed out after ${(TIMEOUT_MS / 1000).toFixed(0)} s`
    : `exit ${r.code}, ${(r.ms / 1000).toFixed(2)} s`;
const peak = (r) => (r.rssMb === undefined ? "" : `, peak ${r.rssMb.toFixed(0)} MB`);

let ok = true;
try {
  // 500 MB tf.json: the JSON written around one 500 MB string, streamed.
  const big = path.join(dir, "big.tf.json");
  const head = JSON.stringify({
    resource: { kubernetes_daemon_set_v1: { agent: daemonSet("agent", { annotations: { pad: "@" } }) } },
  });
  const [before, after] = head.split('"@"');
  const fd = openSync(big, "w");
  writeSync(fd, `${before}"`);
  const chunk = "x".repeat(1_000_000);
  for (let i = 0; i < 500; i++) writeSync(fd, chunk);
  writeSync(fd, `"${after}`);
  closeSync(fd);
  const size = statSync(big).size / 1e6;
  const parse = bareParse(big, { memory: true, timeoutMs: TIMEOUT_MS });
  const check = wavegate(["check", big], { memory: true, timeoutMs: TIMEOUT_MS });
  report(
    `read + JSON.parse of a ${size.toFixed(0)} MB tf.json (bare node)`,
    `${outcome(parse)}${peak(parse)}`,
  );
  report(`wavegate check of the ${size.toFixed(0)} MB tf.json`, `${outcome(check)}${peak(check)}`);
  if (check.rssMb !== undefined && parse.rssMb !== undefined) {
    report("  peak memory check / bare parse", `${(check.rssMb / parse.rssMb).toFixed(2)}x`);
  }
  rmSync(big);

  // Standard input past the limit.
  const stdin = wavegate(["check", "-"], { memory: true, input: "/dev/zero", timeoutMs: TIMEOUT_MS });
  ok =
    report("wavegate check - < /dev/zero (past the input limit)", `${outcome(stdin)}${peak(stdin)}`, {
      ok: stdin.code === 2,
      text: "exit 2",
    }) && ok;

  // A 1 MB heredoc in HCL.
  const tf = path.join(dir, "heredoc.tf");
  const line = `${"y".repeat(99)}\n`;
  writeFileSync(
    tf,
    [
      'resource "kubernetes_daemon_set_v1" "agent" {',
      "  metadata {",
      '    name = "agent"',
      "    annotations = {",
      "      notes = <<EOT",
      line.repeat(10_000).trimEnd(),
      "EOT",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const heredoc = wavegate(["check", tf], { memory: true, timeoutMs: TIMEOUT_MS });
  report(
    `wavegate check of a .tf with a ${(statSync(tf).size / 1e6).toFixed(1)} MB heredoc`,
    `${outcome(heredoc)}${peak(heredoc)}`,
  );

  // WG106 on 2,000 overlapping waves of one agent (every wave's pool is the same node group).
  const waves = 2000;
  const names = Array.from({ length: waves }, (_, i) => `w${i}`);
  const resources = {};
  names.forEach((wave, i) => {
    const ds = daemonSet(`agent-${wave}`, {
      labels: { "app.kubernetes.io/name": "agent", "wavegate.dev/wave": wave },
      annotations: {
        "wavegate.dev/agent": "agent",
        "wavegate.dev/wave-index": String(i),
        "wavegate.dev/waves": names.join(","),
        "wavegate.dev/version": "v1.0.0",
      },
    });
    ds.spec.template.spec.affinity = {
      node_affinity: {
        required_during_scheduling_ignored_during_execution: {
          node_selector_term: [
            {
              match_expressions: [{ key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["shared"] }],
            },
          ],
        },
      },
    };
    resources[`agent_${wave}`] = ds;
  });
  const wavesFile = path.join(dir, "waves.tf.json");
  writeFileSync(wavesFile, JSON.stringify({ resource: { kubernetes_daemon_set_v1: resources } }));
  const out = path.join(dir, "waves.report.json");
  const wg106 = wavegate(["check", wavesFile, "--format", "json", "--output", out], {
    memory: true,
    timeoutMs: TIMEOUT_MS,
  });
  const reportMb = wg106.timedOut ? 0 : statSync(out).size / 1e6;
  report(
    `WG106, ${waves.toLocaleString("en")} overlapping waves`,
    `${outcome(wg106)}${peak(wg106)}, report ${reportMb.toFixed(1)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
