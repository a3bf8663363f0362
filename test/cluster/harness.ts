/**
 * Scenario harness: a fake cluster (the API test double + simulated controller), the wave's input file written from
 * the constructs' pure half, and the real CLI — run as a child process (bundled once with esbuild), or in this
 * process through `runCli` with a captured io — so the real @kubernetes/client-node talks to the double through a
 * generated kubeconfig.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { bundle } from "../helpers/bundle";
import { planStagedDaemonSet } from "../../lib/constructs/staged-daemon-set";
import { NodePool } from "../../lib/model/node-pool";
import { FakeCluster } from "./fake/cluster";
import { writeKubeconfig } from "./fake/kubeconfig";
import { Obj } from "./fake/store";

const ROOT = path.join(__dirname, "../..");

/** Bundles lib/cli/main.ts once per test file (node_modules stay external). */
export function cliBundle(): Promise<string> {
  return bundle(path.join(ROOT, "lib/cli/main.ts"));
}

/**
 * @kubernetes/client-node 1.x is an ES module: Node >= 20.19 `require`s it (lib/cluster/client-node.ts), jest's
 * CommonJS module registry cannot. For in-process runs a test file maps it to this CommonJS bundle of the same
 * installed package (esbuild, once per jest run: the run's TMPDIR, test/setup/tmpdir.js):
 * `jest.mock("@kubernetes/client-node", () => jest.requireActual(clientNodeBundle()))`.
 */
export function clientNodeBundle(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("@kubernetes/client-node/package.json") as { version: string };
  const out = path.join(tmpdir(), `wavegate-client-node-${version}.cjs`);
  if (existsSync(out)) return out;
  const partial = `${out}.${process.pid}.partial`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({
    stdin: { contents: 'module.exports = require("@kubernetes/client-node");', resolveDir: ROOT },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: partial,
    // 6 MB instead of 15 (comments, indentation): jest compiles it in every test file that runs the CLI in-process.
    minifyWhitespace: true,
    legalComments: "none",
    logLevel: "error",
  });
  renameSync(partial, out); // atomic: a parallel worker reads the whole bundle or builds its own
  return out;
}

/** The images of the scenarios. */
export const IMAGE = "registry.example/agent";
export const OLD = "v1.0.0";
export const NEW = "v2.0.0";

/** The agent's wave manifests (canary on `pool=dev`, production catch-all), canary at `version`. */
export function waveManifests(version = NEW, canaryMaxUnavailable: number | string = 1): Obj[] {
  return planStagedDaemonSet({
    name: "agent",
    namespace: "kube-system",
    image: IMAGE,
    versions: { canary: version, production: OLD },
    // Two waves keep the test double small; the construct-time WG107 asks for 3 unless told otherwise.
    minWaves: 2,
    waves: [
      { name: "canary", pool: NodePool.labeled("pool", "dev"), maxUnavailable: canaryMaxUnavailable },
      { name: "production" },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/healthz", port: 9090 } } }] },
  }).map((w) => w.manifest as unknown as Obj);
}

/** A scenario: a cluster, a working directory with the input and the kubeconfig. */
export interface Scenario {
  readonly cluster: FakeCluster;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly input: string;
  /** The canary manifest as the input writes it. */
  readonly canary: Obj;
  /** Runs the CLI as a child process; resolves to its exit code, stdout and stderr. */
  run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /**
   * Runs the CLI in this process (`runCli`, the function the binary calls, with a captured io in the scenario's
   * directory). The test file must map @kubernetes/client-node to {@link clientNodeBundle}.
   */
  runIn(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Resolves when the CLI has a watch open on `path` (e.g. `/api/v1/nodes`). */
  watching(pathPart: string, count?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Sets up a scenario: `nodes` pool nodes (`pool=dev`), the canary DaemonSet rolled out on OLD, then NEW applied. */
export async function scenario(
  opts: {
    nodes?: number;
    config?: unknown;
    inputVersion?: string;
    liveVersion?: string;
    history?: boolean;
    tickMs?: number;
    progressing?: boolean;
  } = {},
): Promise<Scenario> {
  const cluster = new FakeCluster();
  const url = await cluster.start();
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-verify-"));
  mkdirSync(dir, { recursive: true });
  const manifests = waveManifests(opts.inputVersion ?? NEW);
  const input = path.join(dir, "agent.yaml");
  writeFileSync(input, manifests.map((m) => stringify(m)).join("---\n"));
  if (opts.config !== undefined) writeFileSync(path.join(dir, "wavegate.json"), JSON.stringify(opts.config));
  cluster.addNodes("dev", opts.nodes ?? 3, { pool: "dev" });
  cluster.addNodes("prod", 2, { pool: "prod" });
  const canary = manifests[0];
  const live = structuredClone(canary);
  const container = (live.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
    .containers[0];
  const history = opts.history ?? true;
  container.image = `${IMAGE}:${history ? OLD : (opts.liveVersion ?? NEW)}`;
  cluster.createDaemonSet(live);
  if (history) cluster.setImage("kube-system", "agent-canary", `${IMAGE}:${opts.liveVersion ?? NEW}`);
  cluster.progressing = opts.progressing ?? true;
  cluster.auto(opts.tickMs ?? 100);
  const kubeconfig = writeKubeconfig(dir, url);
  return {
    cluster,
    dir,
    kubeconfig,
    input,
    canary,
    async run(args) {
      const cli = await cliBundle();
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [cli, ...args],
          {
            cwd: dir,
            env: {
              PATH: process.env.PATH,
              HOME: dir,
              NODE_PATH: path.join(ROOT, "node_modules"),
              NO_COLOR: "1",
            },
            timeout: 90_000,
          },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    async runIn(args) {
      // A child process takes about a second to start, by which time the simulated controller has observed every
      // DaemonSet's generation; in this process the CLI would connect before its first tick. Wait for that (at most
      // 2 s: a stopped cluster never ticks again).
      const observed = () =>
        cluster.store
          .list("daemonsets")
          .every(
            (ds) =>
              ((ds.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? -1) >=
              Number(ds.metadata.generation ?? 0),
          );
      for (let i = 0; i < 80 && !observed(); i++) await new Promise((r) => setTimeout(r, 25));
      let stdout = "";
      let stderr = "";
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runCli } = require("../../lib/cli/main") as typeof import("../../lib/cli/main");
      const code = await runCli(args, {
        out: (t) => void (stdout += t),
        err: (t) => void (stderr += t),
        isTty: false,
        cwd: dir,
        readStdin: async () => "",
      });
      return { code, stdout, stderr };
    },
    async watching(pathPart, count = 1) {
      for (let i = 0; i < 2400; i++) {
        const n = cluster.server.received.filter(
          (r) => r.path.startsWith(pathPart) && r.query.includes("watch=true"),
        ).length;
        if (n >= count) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no watch on ${pathPart}`);
    },
    async stop() {
      await cluster.stop();
    },
  };
}

/** The verify arguments of the canary wave with short durations. */
export function verifyArgs(s: Scenario, extra: readonly string[] = []): string[] {
  return [
    "verify",
    s.input,
    "--agent",
    "agent",
    "--wave",
    "canary",
    "--kubeconfig",
    s.kubeconfig,
    "--bake",
    "1s",
    "--restart-window",
    "1s",
    "--deadline",
    "20s",
    "--format",
    "json",
    ...extra,
  ];
}
