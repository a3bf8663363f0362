/** One connection to a cluster: the kubeconfig, an HTTP client with its credentials, and client-node's Watch. */
import type { Watch } from "@kubernetes/client-node";
import { loadClientNode } from "./client-node";
import { KubeHttp } from "./http";
import { ClusterAccess, loadKubeConfig, LoadedKubeConfig } from "./kubeconfig";

/** A cluster connection. */
export interface ClusterConnection {
  /** The kubeconfig used. */
  readonly kubeconfig: LoadedKubeConfig;
  /** Requests. */
  readonly http: KubeHttp;
  /** Watches. */
  readonly watch: Watch;
}

/** Loads the kubeconfig and prepares a connection (no request is sent yet). */
export async function connect(access: ClusterAccess = {}): Promise<ClusterConnection> {
  const k8s = await loadClientNode();
  const kubeconfig = await loadKubeConfig(access);
  return {
    kubeconfig,
    http: new KubeHttp(kubeconfig.config, kubeconfig.server),
    watch: new k8s.Watch(kubeconfig.config),
  };
}
