import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { canonicalJson } from "../../model/canonical";
import { CONTRACT } from "../../model/contract";
import { contractOf, versionOf } from "../accessors";
import { PinnedRelease } from "../release-facts";
import { AgentGroup } from "../types";

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The wave name of a DaemonSet (contract label), else its DaemonSet name. */
export function waveNameOf(ds: LoadedDaemonSet): string {
  const wave = contractOf(ds)?.wave;
  return typeof wave === "string" ? wave : String(ds.manifest.metadata?.name ?? ds.source.address);
}

/** The content hash a wave pins (`wavegate.dev/content-hash` on the DaemonSet), when it has one. */
export function contentHashOf(ds: LoadedDaemonSet): string | undefined {
  const a = ds.manifest.metadata?.annotations as JsonObject | undefined;
  const v = a?.[CONTRACT.contentHashAnnotation];
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

/**
 * The release a wave DaemonSet pins, from the rollout contract; undefined when it does not state agent, wave, waves
 * and a known version. Throws `UnknownValue` (-> not applicable) for a version Terraform decides at apply.
 */
export function pinnedRelease(ds: LoadedDaemonSet, group: AgentGroup): PinnedRelease | undefined {
  const c = contractOf(ds);
  const version = versionOf(ds);
  if (c === undefined || version === undefined || typeof c.wave !== "string") return undefined;
  const waves = c.waves ?? [];
  const index = c.index ?? waves.indexOf(c.wave);
  if (index < 0) return undefined;
  const hash = contentHashOf(ds);
  return {
    agent: group.agent,
    ...(ds.cluster !== "default" ? { cluster: ds.cluster } : {}),
    waves,
    wave: c.wave,
    index,
    version,
    ...(hash !== undefined ? { contentHash: hash } : {}),
  };
}

/** A ConfigMap or Secret a pod reads: `ConfigMap/<namespace>/<name>` (the name may be a Terraform expression). */
export interface ContentRef {
  /** `ConfigMap` or `Secret`. */
  readonly kind: "ConfigMap" | "Secret";
  /** The name as written. */
  readonly name: string;
  /** How the pod reads it, e.g. `volume "rules"` or `envFrom of container "agent"`. */
  readonly via: string;
}

/** Names the cluster injects into every namespace: shared by design, never content. */
const CLUSTER_INJECTED = new Set(["kube-root-ca.crt"]);

/**
 * Every ConfigMap / Secret the pod template mounts (volumes, projected sources) or reads (envFrom, env valueFrom),
 * in Kubernetes field names as the loaders normalize them.
 */
export function contentRefs(ds: LoadedDaemonSet): ContentRef[] {
  const spec: JsonObject = isObject(ds.manifest.spec) ? ds.manifest.spec : {};
  const template: JsonObject = isObject(spec.template) ? spec.template : {};
  const pod = isObject(template.spec) ? template.spec : {};
  const out: ContentRef[] = [];
  const volumes = list(pod.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    if (!isObject(v)) continue;
    const via = `volume ${JSON.stringify(v.name)}`;
    if (isObject(v.configMap)) add(out, "ConfigMap", v.configMap.name, via);
    if (isObject(v.secret)) add(out, "Secret", v.secret.secretName, via);
    const projected = isObject(v.projected) ? v.projected : {};
    for (const s of list(projected.sources)) {
      if (!isObject(s)) continue;
      if (isObject(s.configMap)) add(out, "ConfigMap", s.configMap.name, via);
      if (isObject(s.secret)) add(out, "Secret", s.secret.name, via);
    }
  }
  containerRefs(out, list(pod.initContainers));
  containerRefs(out, list(pod.containers));
  return out;
}

function add(out: ContentRef[], kind: ContentRef["kind"], name: unknown, via: string): void {
  if (typeof name === "string" && name !== "" && !CLUSTER_INJECTED.has(name)) out.push({ kind, name, via });
}

/** What containers read through envFrom and env valueFrom (a container that reads neither costs no text). */
function containerRefs(out: ContentRef[], containers: readonly unknown[]): void {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (!isObject(c)) continue;
    const envFrom = list(c.envFrom);
    const env = list(c.env);
    if (envFrom.length === 0 && env.length === 0) continue;
    const who = `container ${JSON.stringify(c.name)}`;
    for (const e of envFrom) {
      if (!isObject(e)) continue;
      if (isObject(e.configMapRef)) add(out, "ConfigMap", e.configMapRef.name, `envFrom of ${who}`);
      if (isObject(e.secretRef)) add(out, "Secret", e.secretRef.name, `envFrom of ${who}`);
    }
    for (const e of env) {
      const from = isObject(e) && isObject(e.valueFrom) ? e.valueFrom : undefined;
      if (from === undefined) continue;
      if (isObject(from.configMapKeyRef)) add(out, "ConfigMap", from.configMapKeyRef.name, `env of ${who}`);
      if (isObject(from.secretKeyRef)) add(out, "Secret", from.secretKeyRef.name, `env of ${who}`);
    }
  }
}

/** The namespace of a DaemonSet (`default` when unset). */
export function namespaceOf(ds: LoadedDaemonSet): string {
  const ns = ds.manifest.metadata?.namespace;
  return typeof ns === "string" && ns !== "" ? ns : "default";
}

/** What a wave runs, as one text: its pod template and its content hash (two waves' changes compare by this). */
export function waveFingerprint(ds: LoadedDaemonSet): string {
  const spec: JsonObject = isObject(ds.manifest.spec) ? ds.manifest.spec : {};
  return canonicalJson({ template: spec.template, content: contentHashOf(ds) ?? null });
}

/** `agent \0 cluster \0 wave`: which wave of which agent a DaemonSet is, for matching a baseline. */
export function waveKey(agent: string, ds: LoadedDaemonSet): string {
  return `${agent}\u0000${ds.cluster}\u0000${waveNameOf(ds)}`;
}
