// `wavegate check` of a plan JSON as whole processes, beside the same fleet as tf.json. A plan is the input the README
// recommends (it holds what Terraform will really apply), and it is larger (planned values, and each change's before
// and after); WG301 reads its changes for every DaemonSet. Target: a plan updating 10,000 DaemonSets (and 3,333
// ConfigMaps) checks in at most 3x the time of the same fleet as tf.json; time flat per DaemonSet from 1,000 up.
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { report } = require("./util");
const { interleaved, wavegate } = require("./process");
const { agentTemplate, writeInput } = require("./fleet");

const MAX_RATIO = 3.0;
const MAX_FLATNESS = 1.5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A plan JSON updating `count` DaemonSets of 3-wave agents (their bodies as planned values) and count/3 ConfigMaps. */
function writePlan(dir, count) {
  const template = agentTemplate();
  const resources = [];
  const changes = [];
  for (let i = 0; i < count; i++) {
    const agent = Math.floor(i / template.length);
    const t = template[i % template.length];
    const values = JSON.parse(t.body.replace(/agent-x|pool-x/g, (m) => `${m.slice(0, -1)}${agent}`));
    const name = `agent-${agent}_${t.wave}`;
    const address = `kubernetes_daemon_set_v1.${name}`;
    resources.push({ address, mode: "managed", type: "kubernetes_daemon_set_v1", name, values });
    changes.push({
      address,
      mode: "managed",
      type: "kubernetes_daemon_set_v1",
      name,
      change: { actions: ["update"], before: values, after: values, after_unknown: {} },
    });
  }
  for (let i = 0; i < Math.floor(count / 3); i++) {
    const metadata = [{ name: `agent-${i}-rules`, namespace: "kube-system" }];
    changes.push({
      address: `kubernetes_config_map_v1.rules_${i}`,
      mode: "managed",
      type: "kubernetes_config_map_v1",
      name: `rules_${i}`,
      change: { actions: ["update"], before: { metadata }, after: { metadata }, after_unknown: {} },
    });
  }
  const file = path.join(dir, `plan-${count}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      format_version: "1.2",
      terraform_version: "1.11.4",
      planned_values: { root_module: { resources } },
      resource_changes: changes,
    }),
  );
  return file;
}

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-plan-"));
let ok = true;
try {
  const plans = { 1000: writePlan(dir, 1000), 10000: writePlan(dir, 10000) };
  const tfJson = writeInput(dir, 10000);
  const codes = {};
  const check = (name, file) => () => {
    const r = wavegate(["check", file, "--format", "json"]);
    codes[name] = r.code;
    return r;
  };
  const t = interleaved(
    { tf: check("tf", tfJson), plan1k: check("plan1k", plans[1000]), plan: check("plan", plans[10000]) },
    ROUNDS,
  );
  report("check, 10,000 DaemonSets as tf.json", `${t.tf.toFixed(0)} ms`);
  report("check, a plan updating 1,000 DaemonSets", `${t.plan1k.toFixed(0)} ms`);
  const ratio = t.plan / t.tf;
  ok =
    report(
      "check, a plan updating 10,000 DaemonSets",
      `${t.plan.toFixed(0)} ms (${ratio.toFixed(2)}x tf.json)`,
      {
        ok: ratio <= MAX_RATIO,
        text: `<= ${MAX_RATIO}x the tf.json check`,
      },
    ) && ok;
  // 10x the DaemonSets (and changes) must cost at most 1.5 x 10x the time: WG301 once read every change per DaemonSet.
  const growth = t.plan / t.plan1k;
  ok =
    report("plan check time, 1,000 -> 10,000 DaemonSets", `${growth.toFixed(1)}x for 10x`, {
      ok: growth <= 10 * MAX_FLATNESS,
      text: `<= ${10 * MAX_FLATNESS}x (flat per DaemonSet)`,
    }) && ok;
  const verdicts = Object.values(codes).every((c) => c === 0 || c === 1);
  ok = report("exit codes", JSON.stringify(codes), { ok: verdicts, text: "0 or 1 (a verdict)" }) && ok;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
