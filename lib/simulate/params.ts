/**
 * Parsing of the plan's human inputs (durations, `name=value` lists, a small fleet file) and their application to
 * an agent's waves. Pure: the CLI reads files and turns these ValidationErrors into usage errors.
 */
import { show, ValidationError } from "../model/errors";
import { AgentWaves } from "./from-daemon-sets";
import { SimWave } from "./types";

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `90`, `20s`, `5m`, `1h`, `1h30m` or `1.5h` into seconds. */
export function parseDuration(text: string, field: string): number {
  const trimmed = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)];
  if (trimmed === "" || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new ValidationError(
      field,
      `${show(text)} is not a duration`,
      'Write seconds or a duration such as "20s", "5m", "1h" or "1h30m".',
    );
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}

/** Parses `canary=20,staging=200` into ordered pairs; rejects empty names and repeated names. */
export function parseAssignments(text: string, field: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of String(text).split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) {
      throw new ValidationError(
        field,
        `${show(part.trim())} is not a name=value pair`,
        "Write pairs separated by commas, e.g. canary=20,staging=200.",
      );
    }
    if (pairs.some(([name]) => name === m[1])) {
      throw new ValidationError(field, `${show(m[1])} is given twice`, "Give each wave once.");
    }
    pairs.push([m[1], m[2]]);
  }
  return pairs;
}

/** Parses `canary=20,staging=200` into node counts per wave. */
export function parseNodeCounts(text: string, field = "--nodes"): Record<string, number> {
  return Object.fromEntries(
    parseAssignments(text, field).map(([name, value]) => [name, nodeCount(value, `${field} ${name}`)]),
  );
}

/** Parses `canary=1h,staging=30m` into bake seconds per wave. */
export function parseBakes(text: string, field = "--bake"): Record<string, number> {
  return Object.fromEntries(
    parseAssignments(text, field).map(([name, value]) => [name, parseDuration(value, `${field} ${name}`)]),
  );
}

/** A fleet description: node counts and bake times per wave. */
export interface Fleet {
  /**
   * Node count per wave name.
   * @default the `wavegate.dev/nodes` annotation of each wave
   */
  readonly nodes?: Readonly<Record<string, number>>;
  /**
   * Bake seconds per wave name.
   * @default `defaultBakeSeconds` for every wave but the last
   */
  readonly bake?: Readonly<Record<string, number>>;
}

/**
 * Parses a fleet file (JSON or YAML): `{ nodes: { canary: 20 }, bake: { canary: "1h" } }`, or a bare map of node
 * counts `{ canary: 20, staging: 200 }`.
 */
export function parseFleetFile(text: string, file: string): Fleet {
  let data: unknown;
  try {
    // yaml is loaded only when a fleet file is read (`check` and most `plan` runs never need it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    data = (require("yaml") as typeof import("yaml")).parse(text);
  } catch (error) {
    throw new ValidationError(
      file,
      `not valid JSON or YAML (${(error as Error).message.split("\n")[0]})`,
      "Fix the syntax.",
    );
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ValidationError(
      file,
      "is not a map",
      'Write e.g. { "nodes": { "canary": 20 }, "bake": { "canary": "1h" } }.',
    );
  }
  const obj = data as Record<string, unknown>;
  const structured = "nodes" in obj || "bake" in obj;
  const nodesIn = structured ? obj.nodes : obj;
  const bakeIn = structured ? obj.bake : undefined;
  const extra = structured ? Object.keys(obj).filter((k) => k !== "nodes" && k !== "bake") : [];
  if (extra.length > 0) {
    throw new ValidationError(`${file}: ${extra[0]}`, "is not a fleet field", 'Use only "nodes" and "bake".');
  }
  return {
    nodes: mapOf(nodesIn, `${file}: nodes`, (v, f) => nodeCount(v, f)),
    bake: mapOf(bakeIn, `${file}: bake`, (v, f) =>
      typeof v === "number" ? checkSeconds(v, f) : parseDuration(String(v), f),
    ),
  };
}

/** Everything the CLI lets a user set beyond the input itself. */
export interface WaveOverrides extends Fleet {
  /**
   * Bake time of every wave but the last, when `bake` does not name it.
   * @default 3600
   */
  readonly defaultBakeSeconds?: number;
}

/**
 * Turns an agent's waves into simulation waves: node counts from the overrides, else the `wavegate.dev/nodes`
 * annotation; bake from the overrides, else the default. Throws a ValidationError for a wave without a node count
 * or an override naming no wave.
 */
export function toSimWaves(agent: AgentWaves, overrides: WaveOverrides = {}): SimWave[] {
  const names = agent.waves.map((w) => w.name);
  for (const [field, map] of [
    ["--nodes", overrides.nodes],
    ["--bake", overrides.bake],
  ] as const) {
    for (const key of Object.keys(map ?? {})) {
      if (!names.includes(key)) {
        throw new ValidationError(
          `${field} ${key}`,
          `agent ${show(agent.agent)} has no wave named ${show(key)}`,
          `Use its wave names: ${names.join(", ")}.`,
        );
      }
    }
  }
  const defaultBake = overrides.defaultBakeSeconds ?? 3600;
  return agent.waves.map((w, i) => {
    const nodes = overrides.nodes?.[w.name] ?? w.nodes;
    if (nodes === undefined) {
      throw new ValidationError(
        `wave ${show(w.name)}`,
        `no node count for ${w.daemonSet}`,
        `Pass --nodes ${w.name}=<count> (or a --fleet file), or set the wavegate.dev/nodes annotation (StagedDaemonSet: waves[].nodes).`,
      );
    }
    return {
      name: w.name,
      nodes,
      maxUnavailable: w.maxUnavailable,
      maxSurge: w.maxSurge,
      minReadySeconds: w.minReadySeconds,
      bakeSeconds: i === agent.waves.length - 1 ? 0 : (overrides.bake?.[w.name] ?? defaultBake),
    };
  });
}

function nodeCount(value: unknown, field: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ValidationError(field, `${show(value)} is not a node count`, "Use a whole number >= 0.");
  }
  return n;
}

function checkSeconds(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ValidationError(field, `${show(value)} is not a duration`, 'Use seconds >= 0 or e.g. "1h".');
  }
  return value;
}

function mapOf<T>(
  value: unknown,
  field: string,
  item: (v: unknown, field: string) => T,
): Record<string, T> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(field, "is not a map of wave name to value", "Write e.g. { canary: 20 }.");
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, item(v, `${field}.${k}`)]));
}
