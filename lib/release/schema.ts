import { z } from "zod/v4";
import { CONFIG_MAP_KEY } from "../model/wave-release";
import { parseDuration } from "./duration";

/** The `apiVersion` of a release file. */
export const RELEASE_API_VERSION = "wavegate.dev/v1alpha1";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const VERSION = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(?:@sha256:[a-f0-9]{64})?|sha256:[a-f0-9]{64})$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, {
    message: 'must be a duration such as "1h", "90m" or "1h30m"',
  })
  .meta({ pattern: "^(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?$" });

/** One wave's release, as written in the file (see {@link waveSchema}). */
export interface ReleaseWaveData {
  /** Wave name (a DNS label). */
  name: string;
  /** The cluster (Kubernetes provider) of this wave, when waves are clusters. */
  cluster?: string;
  /** The image version this wave runs: a tag, a digest or both. */
  version: string;
  /** Named files (the agent's configuration or detection content), mounted from this wave's own ConfigMap. */
  content?: Record<string, string>;
  /** Replaces the agent container's args in this wave. */
  args?: string[];
  /** Environment variables set on the agent container in this wave. */
  env?: Record<string, string>;
  /** How long a release must run verified in this wave before the next wave may get it. @default "1h" */
  bake?: string;
}

/** One agent's waves, in rollout order, as written in the file (see {@link agentSchema}). */
export interface ReleaseAgentData {
  /** The agent's name (a DaemonSet name). */
  name: string;
  /** The cluster, when one agent is released per cluster. */
  cluster?: string;
  /** Where each wave's content is mounted in the agent container. @default "/etc/wavegate/content" */
  contentPath?: string;
  /** The waves, in rollout order (at least one). */
  waves: ReleaseWaveData[];
}

/** The parsed release file (see {@link releaseFileSchema}). */
export interface ReleaseFileData {
  /** The JSON Schema the file names, if any. */
  $schema?: string;
  /** Always {@link RELEASE_API_VERSION}. */
  apiVersion: typeof RELEASE_API_VERSION;
  /** Always "Release". */
  kind: "Release";
  /** The agents released (at least one). */
  agents: ReleaseAgentData[];
}

// The schemas are typed by the interfaces above (written out, so that declarations can be emitted file by file:
// `isolatedDeclarations` in tsconfig.build.json); `z.infer` of each is its interface.

/** One wave's release, as written in the file. */
export const waveSchema: z.ZodType<ReleaseWaveData> = z
  .object({
    name: z
      .string()
      .regex(DNS_LABEL, "must be a wave name (lower-case letters, digits, '-')")
      .describe("Wave name."),
    cluster: z
      .string()
      .min(1)
      .optional()
      .describe("The cluster (Kubernetes provider) of this wave, when waves are clusters."),
    version: z
      .string()
      .regex(VERSION, 'must be an image tag ("v2.4.0"), a digest ("sha256:" and 64 hex digits) or both')
      .describe("The image version this wave runs."),
    content: z
      .record(
        z
          .string()
          .regex(CONFIG_MAP_KEY, "content file names are ConfigMap keys: letters, digits, '-', '_', '.'")
          .max(253),
        z.string(),
      )
      .optional()
      .describe(
        "Named files (the agent's configuration or detection content), mounted from this wave's own ConfigMap.",
      ),
    args: z.array(z.string()).optional().describe("Replaces the agent container's args in this wave."),
    env: z
      .record(z.string().regex(ENV_NAME, "must be an environment variable name"), z.string())
      .optional()
      .describe("Environment variables set on the agent container in this wave."),
    bake: duration
      .optional()
      .describe(
        "How long a release must run verified in this wave before the next wave may get it. Default 1h.",
      ),
  })
  .strict();

/** One agent's waves, in rollout order. */
export const agentSchema: z.ZodType<ReleaseAgentData> = z
  .object({
    name: z
      .string()
      .regex(DNS_LABEL, "must be the agent name (a DaemonSet name)")
      .describe("The agent's name."),
    cluster: z.string().min(1).optional().describe("The cluster, when one agent is released per cluster."),
    contentPath: z
      .string()
      .regex(/^\//, "must be an absolute path")
      .optional()
      .describe(
        "Where each wave's content is mounted in the agent container. Default /etc/wavegate/content.",
      ),
    waves: z.array(waveSchema).min(1, "must list at least one wave").describe("The waves, in rollout order."),
  })
  .strict();

/** The release file (`wavegate.release.yaml` / `.json`). */
export const releaseFileSchema: z.ZodType<ReleaseFileData> = z
  .object({
    $schema: z.string().optional(),
    apiVersion: z.literal(RELEASE_API_VERSION).describe("Always " + RELEASE_API_VERSION + "."),
    kind: z.literal("Release"),
    agents: z.array(agentSchema).min(1, "must list at least one agent"),
  })
  .strict()
  .describe("wavegate release file: what each wave of each agent runs (version, content, overrides).");

/** The JSON Schema of the release file (published as schemas/wavegate.release.schema.json). */
export function releaseJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(releaseFileSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://wavegate.dev/schemas/wavegate.release.schema.json",
    title: "wavegate release file",
  };
}

/** `agents[0].waves[1].version` from a zod path. */
export function fieldPath(p: readonly PropertyKey[]): string {
  if (p.length === 0) return "(root)";
  return p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** One line for the first zod issue. */
export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    case "invalid_type":
      return issue.message.includes("received undefined")
        ? `is required (${issue.expected})`
        : `must be ${issue.expected}`;
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    default:
      return issue.message;
  }
}
