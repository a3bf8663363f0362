import { DaemonSet } from "../model/k8s";
import type { GateRef } from "./gates";

/** Input formats the loaders understand. */
export type InputFormat = "cdktf-out" | "tf-json" | "plan-json" | "hcl" | "k8s-yaml";

/** Where a DaemonSet was read from. */
export interface SourceRef {
  /** File path as given by the user (relative paths stay relative). */
  readonly file: string;
  /** The input format of the file. */
  readonly format: InputFormat;
  /** CDKTF stack name, when read from cdktf.out. */
  readonly stack?: string;
  /**
   * Terraform address (`kubernetes_daemon_set_v1.agent_canary_1A2B`, `module.x.kubernetes_daemonset.y`) or,
   * for Kubernetes YAML, `DaemonSet/<namespace>/<name>`.
   */
  readonly address: string;
  /** CDKTF construct path (`stack/agent/canary`), when known. */
  readonly constructPath?: string;
  /** 1-based line in the file, when the parser gives one. */
  readonly line?: number;
}

/**
 * One DaemonSet found in any input, normalized to Kubernetes field names.
 *
 * Values the input could not decide (Terraform expressions such as `${var.x}`, `var.` / `local.` references,
 * plan values "known after apply") are kept as the original expression string and reported by `isUnknown`:
 * never guessed.
 */
export interface LoadedDaemonSet {
  /** Where it came from. */
  readonly source: SourceRef;
  /** The Terraform resource type (`kubernetes_daemon_set_v1`, `kubernetes_daemonset`, `kubernetes_manifest`) or `DaemonSet` for YAML. */
  readonly kind: string;
  /** The DaemonSet with Kubernetes field names. Fields may hold unknown values (see `isUnknown`). */
  readonly manifest: DaemonSet;
  /**
   * The cluster it deploys to: the Terraform provider reference (`kubernetes.dev`) or the contract's
   * `wavegate.dev/cluster` annotation; `default` when not stated.
   */
  readonly cluster: string;
  /**
   * The wave gates (`terraform_data` marked `wavegate.dev/gate`) this DaemonSet `depends_on`, for Terraform inputs;
   * undefined when the input cannot say (Kubernetes YAML, resources in plan child modules).
   */
  readonly gatesBefore?: readonly GateRef[];
}

/** What a load read, so "nothing found" can be told apart from "nothing read". */
export interface LoadResult {
  /** Every DaemonSet found. */
  readonly daemonSets: LoadedDaemonSet[];
  /** Files read. */
  readonly files: string[];
  /** CDKTF stacks read. */
  readonly stacks: string[];
  /** Resources of other types seen (counted, not checked). */
  readonly otherResources: number;
  /** Non-fatal notes, e.g. "3 values unknown until apply". */
  readonly warnings: string[];
}

/** Thrown for unreadable or malformed input; the CLI prints `message` on one line and exits 2. */
export class InputError extends Error {
  constructor(
    /** The file that could not be read. */
    public readonly file: string,
    /** What was wrong (parser message). */
    detail: string,
    /** 1-based line, when known. */
    public readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: ${detail}`);
    this.name = "InputError";
  }
}

const UNKNOWN_REFERENCE = /^(var|local|module|data)\.[A-Za-z_]/;

/** True for a value Terraform decides only at plan/apply time (an interpolation or reference), never guessed. */
export function isUnknown(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value.includes("${")) return true;
  // The regex only for strings starting v / l / m / d: most values are plain and this is asked of every one.
  const c = value.charCodeAt(0);
  return (c === 118 || c === 108 || c === 109 || c === 100) && UNKNOWN_REFERENCE.test(value);
}

/** What one file's loader found. */
export interface FileLoadResult {
  /** DaemonSets found. */
  readonly daemonSets: LoadedDaemonSet[];
  /** CDKTF stacks read, if any. */
  readonly stacks?: string[];
  /** Resources of other types seen. */
  readonly otherResources: number;
  /** Non-fatal notes. */
  readonly warnings: string[];
}

/** Loads one file's text; throws `InputError` for malformed input. */
export type FileLoader = (file: string, text: string) => Promise<FileLoadResult>;
