/**
 * The verification signals' settings, their defaults and where the defaults come from; parsing of durations and of
 * the `verify` section of `wavegate.json`. Pure: the CLI reads the file.
 */
import { show, ValidationError } from "../model/errors";

/** A threshold a metric's value must meet, e.g. `{ op: "<=", value: 0.01 }`. */
export interface MetricThreshold {
  /** The comparison the value must satisfy. */
  readonly op: "<" | "<=" | ">" | ">=" | "==" | "!=";
  /** The bound. */
  readonly value: number;
}

/** One Prometheus instant query and the threshold each of its values must meet. */
export interface MetricSpec {
  /** Name in the report, e.g. `error-rate`. */
  readonly name: string;
  /** PromQL, sent to `/api/v1/query`. */
  readonly query: string;
  /** What a healthy value satisfies. */
  readonly threshold: MetricThreshold;
}

/** Every setting of a verification; see {@link DEFAULT_VERIFY_SETTINGS}. */
export interface VerifySettings {
  /** Watch this long after the rollout completes. @default 600 (10 min, ExtendedDaemonSet canary `duration`) */
  readonly bakeSeconds: number;
  /** No restart in the last this-many seconds of the bake. @default 300 (ExtendedDaemonSet `noRestartsDuration`) */
  readonly noRestartSeconds: number;
  /** The rollout must complete within this (or the simulator's prediction, if longer). @default 600 */
  readonly progressDeadlineSeconds: number;
  /** More restarts than this on a container of the new revision: cannot be verified. @default 2 (ExtendedDaemonSet) */
  readonly restartsInconclusive: number;
  /** More restarts than this: failed at once. @default 5 (ExtendedDaemonSet `maxRestarts`) */
  readonly restartsFailed: number;
  /** A can't-start reason lasting longer than this: failed. @default 180 (ExtendedDaemonSet `maxSlowStartDuration`-like) */
  readonly cantStartSeconds: number;
  /** Pool nodes that were Ready at start and may turn NotReady/Unknown before the wave fails. @default 0 */
  readonly notReadyTolerance: number;
  /** Metric evaluation interval. @default 60 (Argo Rollouts analysis `interval`) */
  readonly metricIntervalSeconds: number;
  /** More consecutive metric query errors than this: error. @default 4 (Argo Rollouts `consecutiveErrorLimit`) */
  readonly metricErrorLimit: number;
  /** Prometheus base URL for the metric queries. @default none (no metrics) */
  readonly prometheusUrl?: string;
  /** Metric queries. @default [] */
  readonly metrics: readonly MetricSpec[];
}

/** The defaults, with their sources in {@link VerifySettings}. */
export const DEFAULT_VERIFY_SETTINGS: VerifySettings = {
  bakeSeconds: 600,
  noRestartSeconds: 300,
  progressDeadlineSeconds: 600,
  restartsInconclusive: 2,
  restartsFailed: 5,
  cantStartSeconds: 180,
  notReadyTolerance: 0,
  metricIntervalSeconds: 60,
  metricErrorLimit: 4,
  metrics: [],
};

/**
 * Container waiting reasons that mean the container cannot start (kubelet `pkg/kubelet/images` and
 * `pkg/kubelet/kuberuntime` reasons; the set ExtendedDaemonSet's canary treats as failures).
 */
export const CANT_START_REASONS: ReadonlySet<string> = new Set([
  "CrashLoopBackOff",
  "ErrImagePull",
  "ImagePullBackOff",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "PreStartHookError",
  "PostStartHookError",
]);

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** Parses `30s`, `10m`, `1h`, `1h30m` or plain seconds into seconds; throws a ValidationError naming `field`. */
export function parseVerifyDuration(text: unknown, field: string): number {
  const trimmed = String(text).trim();
  if (typeof text === "number" && Number.isFinite(text) && text >= 0) return text;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([smh])/g)];
  if (trimmed === "" || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new ValidationError(
      field,
      `${show(text)} is not a duration`,
      'Write a duration such as "30s", "10m" or "1h".',
    );
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}

/** Parses a threshold written `"<= 0.01"`. */
export function parseThreshold(text: unknown, field: string): MetricThreshold {
  const m = /^\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(String(text));
  if (m === null) {
    throw new ValidationError(
      field,
      `${show(text)} is not a threshold`,
      'Write a comparison and a number, e.g. "<= 0.01".',
    );
  }
  return { op: m[1] as MetricThreshold["op"], value: Number(m[2]) };
}

const DURATION_KEYS = {
  bake: "bakeSeconds",
  noRestart: "noRestartSeconds",
  deadline: "progressDeadlineSeconds",
  cantStart: "cantStartSeconds",
  metricInterval: "metricIntervalSeconds",
} as const;
const COUNT_KEYS = {
  restartsInconclusive: "restartsInconclusive",
  restartsFailed: "restartsFailed",
  notReadyTolerance: "notReadyTolerance",
  metricErrorLimit: "metricErrorLimit",
} as const;

/**
 * Reads the `verify` section of `wavegate.json`:
 * `{ "bake": "10m", "noRestart": "5m", "deadline": "10m", "cantStart": "3m", "restartsInconclusive": 2,
 * "restartsFailed": 5, "notReadyTolerance": 0, "metricInterval": "1m", "metricErrorLimit": 4,
 * "prometheus": "http://prometheus:9090", "metrics": [{ "name", "query", "threshold": "<= 0.01" }] }`.
 * Throws a ValidationError naming `<file>: verify.<field>`.
 */
export function parseVerifySection(value: unknown, file: string): Partial<VerifySettings> {
  if (value === undefined) return {};
  const where = (f: string) => `${file}: verify${f === "" ? "" : `.${f}`}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(where(""), "must be an object", 'Write e.g. "verify": { "bake": "10m" }.');
  }
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) {
    if (key in DURATION_KEYS) {
      out[DURATION_KEYS[key as keyof typeof DURATION_KEYS]] = parseVerifyDuration(o[key], where(key));
    } else if (key in COUNT_KEYS) {
      const n = o[key];
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
        throw new ValidationError(where(key), `${show(n)} is not a whole number >= 0`, "Write e.g. 2.");
      }
      out[COUNT_KEYS[key as keyof typeof COUNT_KEYS]] = n;
    } else if (key === "prometheus") {
      if (typeof o[key] !== "string" || !/^https?:\/\//.test(o[key] as string)) {
        throw new ValidationError(
          where(key),
          `${show(o[key])} is not an http(s) URL`,
          'Write e.g. "http://prometheus:9090".',
        );
      }
      out.prometheusUrl = o[key];
    } else if (key === "metrics") {
      out.metrics = parseMetrics(o[key], where(key));
    } else {
      throw new ValidationError(
        where(key),
        "unknown setting",
        `Use ${[...Object.keys(DURATION_KEYS), ...Object.keys(COUNT_KEYS), "prometheus", "metrics"].join(", ")}.`,
      );
    }
  }
  return out as Partial<VerifySettings>;
}

function parseMetrics(value: unknown, field: string): MetricSpec[] {
  if (!Array.isArray(value))
    throw new ValidationError(field, "must be a list", 'Write [{ "name", "query", "threshold" }].');
  return value.map((m, i) => {
    const at = `${field}[${i}]`;
    const o = (typeof m === "object" && m !== null ? m : {}) as Record<string, unknown>;
    for (const k of ["name", "query"]) {
      if (typeof o[k] !== "string" || o[k] === "") {
        throw new ValidationError(`${at}.${k}`, "is missing", `Give every metric a ${k}.`);
      }
    }
    return {
      name: o.name as string,
      query: o.query as string,
      threshold: parseThreshold(o.threshold, `${at}.threshold`),
    };
  });
}

/**
 * The progress deadline of a wave: the configured one, or the simulator's predicted rollout time of that wave with
 * a 50% margin, whichever is longer.
 */
export function progressDeadline(configuredSeconds: number, predictedSeconds: number | undefined): number {
  if (predictedSeconds === undefined || !Number.isFinite(predictedSeconds)) return configuredSeconds;
  return Math.max(configuredSeconds, Math.ceil(predictedSeconds * 1.5));
}
