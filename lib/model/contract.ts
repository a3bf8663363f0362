/**
 * The rollout contract: labels and annotations every wave DaemonSet carries.
 * Our constructs write it; `wavegate check` reads it; hand-written HCL or YAML can adopt it.
 */
export const CONTRACT = {
  /** Label: the agent's name (shared by all its waves). */
  nameLabel: "app.kubernetes.io/name",
  /** Label: the wave this DaemonSet belongs to. */
  waveLabel: "wavegate.dev/wave",
  /** Annotation: the agent's name. */
  agentAnnotation: "wavegate.dev/agent",
  /** Annotation: 0-based position of this wave in the rollout. */
  waveIndexAnnotation: "wavegate.dev/wave-index",
  /** Annotation: every wave of the rollout in order, comma separated. */
  wavesAnnotation: "wavegate.dev/waves",
  /** Annotation: the version this wave runs. */
  versionAnnotation: "wavegate.dev/version",
  /** Annotation: the cluster (provider) this wave runs in, when waves span clusters. */
  clusterAnnotation: "wavegate.dev/cluster",
  /** Annotation: expected node count of the wave's pool, when known. */
  nodesAnnotation: "wavegate.dev/nodes",
  /**
   * Annotation (on the DaemonSet and its pod template): `sha256:<hex>` of the wave's release content, when the wave
   * has content. On the pod template it also rolls the wave's pods when only the content changed.
   */
  contentHashAnnotation: "wavegate.dev/content-hash",
  /**
   * Annotation: the zones a (regional) wave's pool spans, one node each at least; WG107 lets a first wave hold one
   * node per zone even when that is over its percent (a 3-zone regional canary pool cannot be smaller than 3).
   */
  zonesAnnotation: "wavegate.dev/zones",
} as const;

/** Most zones a wave may claim (regions have at most a handful; larger claims are ignored, never credited). */
export const MAX_ZONES = 16;

/** The contract fields of one wave DaemonSet. */
export interface WaveContract {
  /** The agent's name. */
  readonly agent: string;
  /** The wave name. */
  readonly wave: string;
  /** 0-based position of the wave. */
  readonly index: number;
  /** Every wave in order. */
  readonly waves: readonly string[];
  /** The version running in this wave. */
  readonly version: string;
  /** The cluster of this wave, when stated. */
  readonly cluster?: string;
  /** Expected node count of the wave's pool, when known. */
  readonly nodes?: number;
  /** Zones the wave's pool spans, when stated (1 to {@link MAX_ZONES}). */
  readonly zones?: number;
}

/** The labels and annotations that carry a wave's contract. */
export function contractMetadata(c: WaveContract): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const annotations: Record<string, string> = {
    [CONTRACT.agentAnnotation]: c.agent,
    [CONTRACT.waveIndexAnnotation]: String(c.index),
    [CONTRACT.wavesAnnotation]: c.waves.join(","),
    [CONTRACT.versionAnnotation]: c.version,
  };
  if (c.cluster !== undefined) annotations[CONTRACT.clusterAnnotation] = c.cluster;
  if (c.nodes !== undefined) annotations[CONTRACT.nodesAnnotation] = String(c.nodes);
  if (c.zones !== undefined) annotations[CONTRACT.zonesAnnotation] = String(c.zones);
  return { labels: { [CONTRACT.nameLabel]: c.agent, [CONTRACT.waveLabel]: c.wave }, annotations };
}

/**
 * Reads a wave contract from metadata, or returns undefined when the object does not adopt the contract.
 * The wave label or the agent annotation marks adoption; missing parts are filled from what is present.
 */
export function readContract(
  labels: Readonly<Record<string, unknown>> | undefined,
  annotations: Readonly<Record<string, unknown>> | undefined,
): Partial<WaveContract> | undefined {
  const l = labels ?? NONE;
  const a = annotations ?? NONE;
  const wave = str(l[CONTRACT.waveLabel]);
  const agent = str(a[CONTRACT.agentAnnotation]) ?? (wave ? str(l[CONTRACT.nameLabel]) : undefined);
  if (wave === undefined && str(a[CONTRACT.agentAnnotation]) === undefined) return undefined;
  const indexText = str(a[CONTRACT.waveIndexAnnotation]);
  const index = indexText !== undefined && isDigits(indexText) ? Number(indexText) : undefined;
  const wavesText = str(a[CONTRACT.wavesAnnotation]);
  return {
    agent,
    wave,
    index,
    waves: wavesText === undefined ? undefined : wavesOf(wavesText),
    version: str(a[CONTRACT.versionAnnotation]),
    cluster: str(a[CONTRACT.clusterAnnotation]),
    nodes: isDigits(str(a[CONTRACT.nodesAnnotation]) ?? "") ? Number(a[CONTRACT.nodesAnnotation]) : undefined,
    zones: zonesOf(str(a[CONTRACT.zonesAnnotation])),
  };
}

const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `/^\d+$/.test(text)`: one or more ASCII digits and nothing else. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Parsed wave lists by annotation text: every wave of every agent usually states the same few lists. */
const waveLists = new Map<string, readonly string[]>();

/** `canary, staging,production` -> `["canary", "staging", "production"]` (memoized, bounded; shared, never mutated). */
function wavesOf(text: string): string[] {
  let waves = waveLists.get(text);
  if (waves === undefined) {
    waves = Object.freeze(
      text
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean),
    );
    if (waveLists.size >= 1000) waveLists.clear();
    waveLists.set(text, waves);
  }
  return waves as string[];
}

function zonesOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_ZONES ? n : undefined;
}
