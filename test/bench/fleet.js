// Generated fleets for the benchmarks: Terraform JSON of staged agents (3 waves each), as StagedDaemonSet
// synthesizes them (provider snake_case shape).
const { closeSync, openSync, writeSync } = require("node:fs");
const path = require("node:path");

const dist = path.join(__dirname, "../../dist");
const { toProviderShape } = require(`${dist}/inputs/provider-shape`);
const { planStagedDaemonSet } = require(`${dist}/constructs/staged-daemon-set`);
const { NodePool } = require(`${dist}/model`);

/** The three wave resources of one agent, as StagedDaemonSet synthesizes them (provider snake_case shape). */
function agentTemplate() {
  const waves = planStagedDaemonSet({
    name: "agent-x",
    namespace: "kube-system",
    image: "registry.example/security/agent",
    versions: {
      canary: "v2.5.0@sha256:" + "a".repeat(64),
      staging: "v2.4.0@sha256:" + "b".repeat(64),
      production: "v2.4.0@sha256:" + "b".repeat(64),
    },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("pool-x-dev"), nodes: 20 },
      { name: "staging", pool: NodePool.eksNodegroup("pool-x-staging"), nodes: 200 },
      { name: "production", nodes: 2000 },
    ],
    pod: {
      containers: [
        {
          name: "agent",
          readinessProbe: { httpGet: { path: "/readyz", port: 9090 }, periodSeconds: 5 },
          securityContext: {
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"], add: ["BPF", "PERFMON"] },
          },
        },
      ],
    },
  });
  return waves.map(({ wave, manifest }) => ({
    wave: wave.name,
    body: JSON.stringify(toProviderShape(manifest)),
  }));
}

/**
 * Writes a tf.json with `count` DaemonSets (whole agents of 3 waves, the last one cut short if needed), pretty-printed
 * as `JSON.stringify(x, null, 2)` would, resource by resource (100,000 DaemonSets exceed V8's longest string).
 */
function writeInput(dir, count) {
  const template = agentTemplate();
  const file = path.join(dir, `ds-${count}.tf.json`);
  const fd = openSync(file, "w");
  writeSync(fd, '{\n  "resource": {\n    "kubernetes_daemon_set_v1": {');
  let chunk = "";
  for (let i = 0; i < count; i++) {
    const agent = Math.floor(i / template.length);
    const t = template[i % template.length];
    const body = t.body.replace(/agent-x|pool-x/g, (m) => `${m.slice(0, -1)}${agent}`);
    const pretty = JSON.stringify(JSON.parse(body), null, 2).replace(/\n/g, "\n      ");
    chunk += `${i === 0 ? "" : ","}\n      ${JSON.stringify(`agent-${agent}_${t.wave}`)}: ${pretty}`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, `${chunk}\n    }\n  }\n}`);
  closeSync(fd);
  return file;
}

module.exports = { agentTemplate, writeInput };
