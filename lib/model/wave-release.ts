import { createHash } from "node:crypto";
import { CONTRACT } from "./contract";
import { show, ValidationError } from "./errors";
import { Container, DaemonSet, EnvVar } from "./k8s";
import { WaveDaemonSet } from "./staged-rollout";

/**
 * What one wave runs, beyond the shared pod spec: its version, its content (named files), and per-wave overrides of
 * the agent container's args and env. Content rides the waves like the version: a content change is a change of one
 * wave, promoted like a version.
 */
export interface WaveRelease {
  /** Image tag, `tag@sha256:...` or `sha256:...`. */
  readonly version: string;
  /** Named files (ConfigMap keys) the wave's agent reads, e.g. `{ "rules.yaml": "..." }`. @default none */
  readonly content?: Readonly<Record<string, string>>;
  /** Replaces the agent container's `args` in this wave. @default the shared pod spec's args */
  readonly args?: readonly string[];
  /** Sets (or overrides, by name) environment variables of the agent container in this wave. @default none */
  readonly env?: Readonly<Record<string, string>>;
}

/** Where the constructs mount a wave's content, unless the release says otherwise. */
export const DEFAULT_CONTENT_PATH = "/etc/wavegate/content";

/** Name of the pod volume holding a wave's content. */
export const CONTENT_VOLUME = "wavegate-content";

/** A ConfigMap key: `[-._a-zA-Z0-9]+`, at most 253 characters (Kubernetes `IsConfigMapKey`). */
export const CONFIG_MAP_KEY: RegExp = /^[-._a-zA-Z0-9]+$/;

/**
 * `sha256:<hex>` of a wave's configuration: its content files (name order) and its args / env overrides, each part
 * length-prefixed so no two different configurations hash alike. Undefined when the wave has none of them (then the
 * version alone says what the wave runs). The version is not part of it: ledger entries carry both.
 */
export function contentHash(release: Omit<WaveRelease, "version">): string | undefined {
  const content = release.content ?? {};
  const names = Object.keys(content).sort();
  const env = release.env ?? {};
  const envNames = Object.keys(env).sort();
  if (names.length === 0 && release.args === undefined && envNames.length === 0) return undefined;
  const h = createHash("sha256");
  const part = (text: string) => h.update(`${Buffer.byteLength(text)}:${text}\n`);
  part("content");
  for (const name of names) {
    part(name);
    part(content[name]);
  }
  if (release.args !== undefined) {
    part("args");
    release.args.forEach(part);
  }
  if (envNames.length > 0) part("env");
  for (const name of envNames) {
    part(name);
    part(env[name]);
  }
  return `sha256:${h.digest("hex")}`;
}

/** True when the release has content files (so the wave gets its own ConfigMap). */
export function hasContent(release: Pick<WaveRelease, "content">): boolean {
  return Object.keys(release.content ?? {}).length > 0;
}

/** The ConfigMap name of a wave's content: `<agent>-<wave>-content` (every wave, production included, has its own). */
export function contentConfigMapName(agent: string, wave: string): string {
  return `${agent}-${wave}-content`;
}

/** Options of {@link applyWaveRelease}. */
export interface ApplyReleaseOptions {
  /** Name of the agent container (gets the overrides and the content mount). */
  readonly agentContainer: string;
  /** Name of the wave's own content ConfigMap. */
  readonly configMapName: string;
  /** Where the content is mounted in the agent container. @default DEFAULT_CONTENT_PATH */
  readonly contentPath?: string;
}

/**
 * Applies one wave's release to that wave's DaemonSet (pure: returns a new manifest): args / env overrides on the
 * agent container, the wave's own content ConfigMap mounted read-only in that wave's pods only, and the content hash
 * (of content, args and env)
 * annotated on the DaemonSet and its pod template (so a content-only change rolls the wave's pods, and `wavegate
 * check` sees it as a change of that wave).
 */
export function applyWaveRelease(
  manifest: DaemonSet,
  release: WaveRelease,
  options: ApplyReleaseOptions,
): DaemonSet {
  const hash = contentHash(release);
  const mounted = hasContent(release);
  const spec = manifest.spec.template.spec;
  const mountPath = options.contentPath ?? DEFAULT_CONTENT_PATH;
  const containers = spec.containers.map((c) =>
    c.name === options.agentContainer ? overridden(c, release, mounted ? mountPath : undefined) : c,
  );
  const volumes = !mounted
    ? spec.volumes
    : [...(spec.volumes ?? []), { name: CONTENT_VOLUME, configMap: { name: options.configMapName } }];
  const tplMeta = manifest.spec.template.metadata ?? {};
  const hashNote: Record<string, string> =
    hash === undefined ? {} : { [CONTRACT.contentHashAnnotation]: hash };
  return {
    ...manifest,
    metadata: { ...manifest.metadata, annotations: { ...manifest.metadata.annotations, ...hashNote } },
    spec: {
      ...manifest.spec,
      template: {
        ...manifest.spec.template,
        metadata: { ...tplMeta, annotations: { ...tplMeta.annotations, ...hashNote } },
        spec: { ...spec, containers, ...(volumes !== undefined ? { volumes } : {}) },
      },
    },
  };
}

/** Applies each wave's release (by wave name) to the built waves; waves without a release are returned as built. */
export function applyWaveReleases(
  built: readonly WaveDaemonSet[],
  agent: string,
  releases: Readonly<Record<string, WaveRelease>>,
  options: Omit<ApplyReleaseOptions, "configMapName">,
): WaveDaemonSet[] {
  return built.map(({ wave, manifest }) => {
    const release = releases[wave.name];
    if (release === undefined) return { wave, manifest };
    checkContent(release, wave.name);
    const configMapName = contentConfigMapName(agent, wave.name);
    return { wave, manifest: applyWaveRelease(manifest, release, { ...options, configMapName }) };
  });
}

function overridden(c: Container, release: WaveRelease, mountPath: string | undefined): Container {
  const out: Container = { ...c };
  if (release.args !== undefined) out.args = [...release.args];
  if (release.env !== undefined && Object.keys(release.env).length > 0) {
    const env: EnvVar[] = (c.env ?? []).filter((e) => !(e.name in (release.env ?? {})));
    for (const [name, value] of Object.entries(release.env)) env.push({ name, value });
    out.env = env;
  }
  if (mountPath !== undefined) {
    out.volumeMounts = [...(c.volumeMounts ?? []), { name: CONTENT_VOLUME, mountPath, readOnly: true }];
  }
  return out;
}

/** Largest ConfigMap the API server stores: 1 MiB (`MaxSecretSize`, validation of ConfigMap data size). */
export const MAX_CONFIG_MAP_BYTES: number = 1024 * 1024;

/**
 * Refuses content Kubernetes would refuse: file names that are not ConfigMap keys, or more than 1 MiB in all
 * (kubernetes/kubernetes pkg/apis/core/validation: ValidateConfigMap, `totalSize > corev1.MaxSecretSize`).
 */
export function checkContent(release: WaveRelease, wave: string): void {
  let total = 0;
  for (const [name, text] of Object.entries(release.content ?? {}))
    total += name.length + Buffer.byteLength(text);
  if (total > MAX_CONFIG_MAP_BYTES) {
    throw new ValidationError(
      `release.${wave}.content`,
      `${total} bytes of content do not fit in one ConfigMap (at most ${MAX_CONFIG_MAP_BYTES})`,
      "Ship large content in the image, or split it so each wave's content stays under 1 MiB.",
    );
  }
  for (const name of Object.keys(release.content ?? {})) {
    if (!CONFIG_MAP_KEY.test(name) || name.length > 253 || name === "." || name === "..") {
      throw new ValidationError(
        `release.${wave}.content.${name}`,
        `${show(name)} is not a ConfigMap key`,
        "Name content files with letters, digits, '-', '_' and '.' only (at most 253 characters).",
      );
    }
  }
}
