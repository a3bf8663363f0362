import { readFileSync } from "node:fs";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import {
  contentConfigMapName,
  CONTRACT,
  hasContent,
  show,
  ValidationError,
  WaveDaemonSet,
  WaveRelease,
} from "../model";
import type { ReleaseFile } from "../release";

export type { ReleaseFile } from "../release";

/** The release layer (zod schema, yaml), loaded only when a release file is read. */
function releaseLib(): typeof import("../release") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../release") as typeof import("../release");
}

/** Reads release files for the constructs' `release` prop. */
export class Release {
  /**
   * Reads and validates a release file (`wavegate.release.yaml`, or JSON), relative to the working directory
   * `cdktf synth` runs in.
   * @throws ReleaseError naming the file and the field
   */
  static load(file: string): ReleaseFile {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new (releaseLib().ReleaseError)(
        file,
        "(file)",
        `cannot read the release file: ${code}`,
        "Check the path.",
      );
    }
    return releaseLib().parseReleaseText(text, file);
  }

  /** Validates release data already in memory (an object or the file's text). */
  static parse(data: unknown, file = "(release)"): ReleaseFile {
    const lib = releaseLib();
    return typeof data === "string" ? lib.parseReleaseText(data, file) : lib.ReleaseFile.parse(data, file);
  }
}

/** What the staged rollout takes from a release file: each wave's version and release, checked against the waves. */
export interface ReleaseForWaves {
  /** Version per wave. */
  readonly versions: Record<string, string>;
  /** Release per wave. */
  readonly releases: Record<string, WaveRelease>;
  /** Where content is mounted, when the release file says. */
  readonly contentPath?: string;
}

/**
 * The agent's waves from the release file, checked against the construct's waves: the same names in the same
 * order (promotion follows the release file's order, so it must be the rollout order).
 * @throws ValidationError naming `release`
 */
export function releaseForWaves(
  release: ReleaseFile,
  agent: string,
  waves: readonly { readonly name: string }[],
  versions: Readonly<Record<string, string>> | undefined,
): ReleaseForWaves {
  if (versions !== undefined) {
    throw new ValidationError(
      "versions",
      "both `versions` and `release` are given",
      "Give one: with a release file, each wave's version comes from it.",
    );
  }
  const a = release.agent(agent);
  const names = waves.map((w) => w?.name);
  const inFile = a.waves.map((w) => w.name);
  if (names.join(",") !== inFile.join(",")) {
    throw new ValidationError(
      "release",
      `${release.file} lists the waves of ${show(agent)} as ${inFile.join(", ")}, but the construct's waves are ${names.join(", ")}`,
      "List the same waves in the same (rollout) order in both.",
    );
  }
  const out: ReleaseForWaves = {
    versions: Object.fromEntries(a.waves.map((w) => [w.name, w.release.version])),
    releases: Object.fromEntries(a.waves.map((w) => [w.name, w.release])),
    ...(a.contentPath !== undefined ? { contentPath: a.contentPath } : {}),
  };
  return out;
}

/**
 * One `kubernetes_config_map_v1` per wave with content, named `<agent>-<wave>-content`, in that wave's cluster, with
 * the content hash annotated. Returns the ConfigMap of each wave (undefined for waves without content), by index.
 */
export function emitWaveContent(
  scope: Construct,
  agent: string,
  emitted: readonly WaveDaemonSet[],
  releases: Readonly<Record<string, WaveRelease>> | undefined,
  providers: readonly (TerraformProvider | undefined)[],
): (ConfigMapV1 | undefined)[] {
  if (releases === undefined) return emitted.map(() => undefined);
  // The ConfigMap binding is loaded only for a release with content (deep import: never the provider's root).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ConfigMapV1: ConfigMap } = require("@cdktf/provider-kubernetes/lib/config-map-v1") as {
    ConfigMapV1: typeof ConfigMapV1;
  };
  return emitted.map(({ wave, manifest }, i) => {
    const release = releases[wave.name];
    if (release === undefined || !hasContent(release)) return undefined;
    const hash = manifest.metadata.annotations?.[CONTRACT.contentHashAnnotation];
    return new ConfigMap(scope, `${wave.name}-content`, {
      provider: providers[i],
      metadata: {
        name: contentConfigMapName(agent, wave.name),
        namespace: manifest.metadata.namespace,
        labels: { [CONTRACT.nameLabel]: agent, [CONTRACT.waveLabel]: wave.name },
        annotations: hash !== undefined ? { [CONTRACT.contentHashAnnotation]: hash } : {},
      },
      data: { ...release.content },
    });
  });
}
