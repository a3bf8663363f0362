/**
 * Where the cluster's address and credentials come from: `--kubeconfig`, else `KUBECONFIG` (a path list, merged as
 * kubectl merges it), else `~/.kube/config`, else the pod's service account (in-cluster); `--context` picks a
 * context. client-node's `loadFromDefault` silently falls back to `http://localhost:8080` when it finds nothing;
 * wavegate refuses instead, so a gate never verifies whatever happens to listen there.
 */
import { existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { loadClientNode } from "./client-node";
import { ClusterError } from "./errors";

/** How to reach the cluster. */
export interface ClusterAccess {
  /** A kubeconfig file. @default KUBECONFIG, else ~/.kube/config, else in-cluster */
  readonly kubeconfig?: string;
  /** The context to use. @default the kubeconfig's current-context */
  readonly context?: string;
  /** Environment to read KUBECONFIG / KUBERNETES_SERVICE_HOST from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory. @default os.homedir() */
  readonly home?: string;
  /** Directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
}

/** The service account token file of a pod (in-cluster config). */
export const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** The loaded kubeconfig and where it came from. */
export interface LoadedKubeConfig {
  /** The client-node config. */
  readonly config: KubeConfig;
  /** Where it came from (`--kubeconfig a.yaml`, `KUBECONFIG`, `~/.kube/config`, `in-cluster`). */
  readonly source: string;
  /** The context in use. */
  readonly context: string;
  /** The API server URL. */
  readonly server: string;
}

/** Loads the kubeconfig; throws a ClusterError of kind `config` naming the file, context or missing piece. */
export async function loadKubeConfig(access: ClusterAccess = {}): Promise<LoadedKubeConfig> {
  const k8s = await loadClientNode();
  const env = access.env ?? process.env;
  const cwd = access.cwd ?? process.cwd();
  const config = new k8s.KubeConfig();
  let source: string;
  const load = (file: string, into: KubeConfig = config) => {
    try {
      into.loadFromFile(file);
    } catch (error) {
      throw new ClusterError(
        "config",
        `${file}: cannot read kubeconfig: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  };
  if (access.kubeconfig !== undefined) {
    const file = path.resolve(cwd, access.kubeconfig);
    if (!existsSync(file))
      throw new ClusterError("config", `--kubeconfig ${access.kubeconfig}: no such file`);
    load(file);
    source = `--kubeconfig ${access.kubeconfig}`;
  } else if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== "") {
    const files = env.KUBECONFIG.split(path.delimiter).filter(
      (f) => f !== "" && existsSync(path.resolve(cwd, f)),
    );
    if (files.length === 0) throw new ClusterError("config", `KUBECONFIG=${env.KUBECONFIG}: no such file`);
    load(path.resolve(cwd, files[0]));
    for (const file of files.slice(1)) {
      const more = new k8s.KubeConfig();
      load(path.resolve(cwd, file), more);
      config.mergeConfig(more, true);
    }
    source = "KUBECONFIG";
  } else if (existsSync(path.join(access.home ?? os.homedir(), ".kube", "config"))) {
    load(path.join(access.home ?? os.homedir(), ".kube", "config"));
    source = "~/.kube/config";
  } else if (env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    config.loadFromCluster();
    source = "in-cluster";
  } else {
    throw new ClusterError(
      "config",
      "no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, create ~/.kube/config, or run in a pod " +
        "(wavegate never falls back to http://localhost:8080)",
    );
  }
  if (access.context !== undefined) {
    if (config.getContextObject(access.context) === null) {
      const known = config.getContexts().map((c) => c.name);
      throw new ClusterError(
        "config",
        `--context ${access.context}: no such context in ${source}; found ${known.join(", ") || "none"}`,
      );
    }
    config.setCurrentContext(access.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null || !cluster.server) {
    throw new ClusterError(
      "config",
      `${source}: context "${config.getCurrentContext() || "(none)"}" names no cluster with a server`,
    );
  }
  return { config, source, context: config.getCurrentContext(), server: cluster.server.replace(/\/+$/, "") };
}
