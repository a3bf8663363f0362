/** `wavegate verify` settings: defaults < `wavegate.json` `verify` < flags; the deadline the simulator predicts. */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { parseJson } from "../../inputs/json";
import { WavegateError } from "../../model/errors";
import { simulateRollout } from "../../simulate/engine";
import { agentsFromDaemonSets } from "../../simulate/from-daemon-sets";
import { toSimWaves } from "../../simulate/params";
import {
  DEFAULT_VERIFY_SETTINGS,
  parseVerifyDuration,
  parseVerifySection,
  VerifySettings,
} from "../../verify/config";
import { WaveTarget } from "../../verify/target";
import { UsageError } from "../io";

/** The flags that change settings. */
export interface SettingFlags {
  readonly bake?: string;
  readonly deadline?: string;
  readonly restartWindow?: string;
  readonly cantStart?: string;
  readonly prometheus?: string;
  readonly config?: string;
}

/** Reads `wavegate.json` (or `--config`) and the flags; throws UsageError naming the file/flag and field. */
export async function verifySettings(flags: SettingFlags, cwd: string): Promise<VerifySettings> {
  const file = flags.config ?? "wavegate.json";
  let fromFile: Partial<VerifySettings> = {};
  const text = await readFile(path.resolve(cwd, file), "utf8").catch((err: NodeJS.ErrnoException) => {
    if (flags.config === undefined && err.code === "ENOENT") return undefined;
    throw new UsageError(`${file}: cannot read (${err.code ?? err.message})`);
  });
  try {
    if (text !== undefined)
      fromFile = parseVerifySection((parseJson(file, text) as { verify?: unknown })?.verify, file);
    const out: { -readonly [K in keyof VerifySettings]: VerifySettings[K] } = {
      ...DEFAULT_VERIFY_SETTINGS,
      ...fromFile,
    };
    if (flags.bake !== undefined) out.bakeSeconds = parseVerifyDuration(flags.bake, "--bake");
    if (flags.deadline !== undefined)
      out.progressDeadlineSeconds = parseVerifyDuration(flags.deadline, "--deadline");
    if (flags.restartWindow !== undefined)
      out.noRestartSeconds = parseVerifyDuration(flags.restartWindow, "--restart-window");
    if (flags.cantStart !== undefined)
      out.cantStartSeconds = parseVerifyDuration(flags.cantStart, "--cant-start");
    if (flags.prometheus !== undefined) {
      if (!/^https?:\/\//.test(flags.prometheus))
        throw new UsageError(`--prometheus: ${JSON.stringify(flags.prometheus)} is not an http(s) URL`);
      out.prometheusUrl = flags.prometheus;
    }
    if (out.metrics.length > 0 && out.prometheusUrl === undefined) {
      throw new UsageError(`${file}: verify.metrics needs verify.prometheus (or --prometheus <url>)`);
    }
    return out;
  } catch (error) {
    if (error instanceof WavegateError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The simulator's predicted rollout time of the wave (seconds) over `nodes` nodes, with the wave's own
 * maxUnavailable / maxSurge / minReadySeconds and the simulator's default pod timings; undefined when it cannot tell.
 */
export function predictedRolloutSeconds(target: WaveTarget, nodes: number): number | undefined {
  try {
    const agent = agentsFromDaemonSets([target.source])[0];
    if (agent === undefined || nodes === 0) return undefined;
    const waves = toSimWaves(agent, { nodes: { [agent.waves[0].name]: nodes }, defaultBakeSeconds: 0 });
    const result = simulateRollout(waves, { seed: 1 });
    return result.waves[0]?.durationSeconds;
  } catch {
    return undefined;
  }
}
