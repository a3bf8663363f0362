import { contentHash, WaveRelease } from "../model/wave-release";
import { DEFAULT_BAKE, parseDuration } from "./duration";
import { ReleaseError } from "./errors";
import { fieldPath, issueText, ReleaseFileData, releaseFileSchema } from "./schema";

/** The default file names, looked up in the working directory. */
export const RELEASE_FILES: readonly string[] = [
  "wavegate.release.yaml",
  "wavegate.release.yml",
  "wavegate.release.json",
];

/** What a wave runs, identified for evidence: its version and the hash of its content / overrides. */
export interface ReleaseRef {
  /** Image version (tag / digest). */
  readonly version: string;
  /** `sha256:<hex>` of content, args and env; undefined when the wave has none. */
  readonly contentHash?: string;
}

/** One wave of a release file, read. */
export interface ReleaseWave {
  /** Wave name. */
  readonly name: string;
  /** 0-based position in the agent's rollout. */
  readonly index: number;
  /** The cluster, when stated on the wave or the agent. */
  readonly cluster?: string;
  /** Seconds a release must run verified here before the next wave may get it. */
  readonly bakeSeconds: number;
  /** What the wave runs. */
  readonly release: WaveRelease;
  /** The release's identity. */
  readonly ref: ReleaseRef;
}

/** One agent of a release file. */
export interface ReleaseAgent {
  /** The agent's name. */
  readonly name: string;
  /** The cluster, when one agent is released per cluster. */
  readonly cluster?: string;
  /** Where content is mounted, when stated. */
  readonly contentPath?: string;
  /** Waves in rollout order. */
  readonly waves: readonly ReleaseWave[];
  /** Position of this agent in the file's `agents` list. */
  readonly position: number;
}

/** True when two refs name the same release. */
export function sameRelease(a: ReleaseRef, b: ReleaseRef): boolean {
  return a.version === b.version && a.contentHash === b.contentHash;
}

/** `v2.5.0` or `v2.5.0 + content sha256:1a2b3c4d5e6f` for messages. */
export function showRelease(ref: ReleaseRef): string {
  return ref.contentHash === undefined
    ? ref.version
    : `${ref.version} + content ${shortHash(ref.contentHash)}`;
}

/** The first 12 hex digits of a `sha256:` hash, for people. */
export function shortHash(hash: string): string {
  return hash.startsWith("sha256:") ? `sha256:${hash.slice(7, 19)}` : hash;
}

/**
 * A release file: for each agent (and cluster), for each wave in rollout order, the release it runs. Pure: parse it
 * from already-read JSON / YAML data (the CLI and `Release.load` in the constructs read the file).
 */
export class ReleaseFile {
  /** Every agent, in file order. */
  public readonly agents: readonly ReleaseAgent[];

  protected constructor(
    /** The file name, for messages. */
    public readonly file: string,
    /** The validated data. */
    public readonly data: ReleaseFileData,
  ) {
    this.agents = data.agents.map((a, position) => readAgent(a, position));
  }

  /**
   * Validates parsed release data.
   * @throws ReleaseError naming the file and the field, e.g. `wavegate.release.yaml: agents[0].waves[1].version: ...`
   */
  static parse(json: unknown, file: string): ReleaseFile {
    return new ReleaseFile(file, validate(json, file));
  }

  /**
   * The agent named `name` (in `cluster`, when the file has the agent once per cluster).
   * @throws ReleaseError when it is not in the file or the cluster is needed to tell which
   */
  agent(name: string, cluster?: string): ReleaseAgent {
    const named = this.agents.filter((a) => a.name === name);
    const picked = cluster === undefined ? named : named.filter((a) => a.cluster === cluster);
    if (picked.length === 1) return picked[0];
    if (named.length === 0) {
      throw new ReleaseError(
        this.file,
        "agents",
        `there is no agent ${JSON.stringify(name)}`,
        `Use one of ${this.agents.map((a) => JSON.stringify(a.name)).join(", ")}.`,
      );
    }
    throw new ReleaseError(
      this.file,
      "agents",
      picked.length === 0
        ? `agent ${JSON.stringify(name)} has no entry for cluster ${JSON.stringify(cluster)}`
        : `agent ${JSON.stringify(name)} is listed once per cluster`,
      `Name the cluster: one of ${named.map((a) => JSON.stringify(a.cluster ?? "(none)")).join(", ")}.`,
    );
  }

  /**
   * The file narrowed to one cluster: agents listed for that cluster, and agents listed without one. For a stack that
   * deploys one cluster of an agent released per cluster: `Release.load(f).forCluster("eu-1")`.
   */
  forCluster(cluster: string): ReleaseFile {
    const agents = this.data.agents.filter((a) => a.cluster === undefined || a.cluster === cluster);
    return new ReleaseFile(this.file, {
      ...this.data,
      agents: agents.length > 0 ? agents : this.data.agents,
    });
  }

  /** Each wave's release by wave name, for the constructs. */
  releasesOf(name: string, cluster?: string): Record<string, WaveRelease> {
    const out: Record<string, WaveRelease> = {};
    for (const w of this.agent(name, cluster).waves) out[w.name] = w.release;
    return out;
  }
}

function validate(json: unknown, file: string): ReleaseFileData {
  const parsed = releaseFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReleaseError(
      file,
      fieldPath(issue.path),
      issueText(issue),
      "See the release file format in the README.",
    );
  }
  const seen = new Set<string>();
  parsed.data.agents.forEach((a, i) => {
    const key = `${a.name}\u0000${a.cluster ?? ""}`;
    if (seen.has(key)) {
      throw new ReleaseError(
        file,
        `agents[${i}]`,
        `agent ${JSON.stringify(a.name)} is listed twice${a.cluster ? ` for cluster ${JSON.stringify(a.cluster)}` : ""}`,
        "List each agent once (per cluster).",
      );
    }
    seen.add(key);
    const waves = new Set<string>();
    a.waves.forEach((w, j) => {
      if (waves.has(w.name)) {
        throw new ReleaseError(
          file,
          `agents[${i}].waves[${j}].name`,
          `wave ${JSON.stringify(w.name)} is listed twice`,
          "Give each wave of an agent a unique name.",
        );
      }
      waves.add(w.name);
    });
  });
  return parsed.data;
}

function readAgent(a: ReleaseFileData["agents"][number], position: number): ReleaseAgent {
  const waves = a.waves.map((w, index): ReleaseWave => {
    const release: WaveRelease = {
      version: w.version,
      ...(w.content !== undefined ? { content: w.content } : {}),
      ...(w.args !== undefined ? { args: w.args } : {}),
      ...(w.env !== undefined ? { env: w.env } : {}),
    };
    const hash = contentHash(release);
    const cluster = w.cluster ?? a.cluster;
    return {
      name: w.name,
      index,
      ...(cluster !== undefined ? { cluster } : {}),
      bakeSeconds: parseDuration(w.bake ?? DEFAULT_BAKE) as number,
      release,
      ref: hash === undefined ? { version: w.version } : { version: w.version, contentHash: hash },
    };
  });
  return {
    name: a.name,
    ...(a.cluster !== undefined ? { cluster: a.cluster } : {}),
    ...(a.contentPath !== undefined ? { contentPath: a.contentPath } : {}),
    waves,
    position,
  };
}
