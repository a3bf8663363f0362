/**
 * Prometheus instant-query results (`GET /api/v1/query`, https://prometheus.io/docs/prometheus/latest/querying/api/)
 * read explicitly: sample values are strings, and `"NaN"`, `"+Inf"`, `"-Inf"` are parsed as such, never by `Number`
 * guessing. After Argo Rollouts' analysis: an empty result is inconclusive, errors count towards a limit.
 */
import { MetricThreshold } from "./config";

/** The outcome of one query. */
export type MetricResult =
  | { readonly kind: "values"; readonly values: readonly number[] }
  | { readonly kind: "empty" }
  | { readonly kind: "error"; readonly message: string };

/** Parses a Prometheus sample value string. Returns undefined for anything that is not a number. */
export function parseSampleValue(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  if (text === "NaN") return NaN;
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Reads a `/api/v1/query` response body (already JSON-parsed). */
export function readQueryResponse(body: unknown): MetricResult {
  const o = body as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (o === null || typeof o !== "object") return { kind: "error", message: "response is not a JSON object" };
  if (o.status !== "success")
    return { kind: "error", message: `query failed: ${o.error ?? o.status ?? "no status"}` };
  const type = o.data?.resultType;
  const result = o.data?.result;
  const sample = (pair: unknown) => (Array.isArray(pair) ? parseSampleValue(pair[1]) : undefined);
  let raw: (number | undefined)[];
  if (type === "scalar") raw = [sample(result)];
  else if (type === "vector" && Array.isArray(result))
    raw = result.map((r) => sample((r as { value?: unknown }).value));
  else
    return {
      kind: "error",
      message: `unsupported result type ${String(type)} (use an instant vector or scalar)`,
    };
  if (raw.length === 0) return { kind: "empty" };
  if (raw.some((v) => v === undefined)) return { kind: "error", message: "a sample value is not a number" };
  return { kind: "values", values: raw as number[] };
}

/** True when `value` satisfies the threshold. NaN satisfies nothing (IEEE comparison), so it is handled first. */
export function meetsThreshold(value: number, t: MetricThreshold): boolean {
  switch (t.op) {
    case "<":
      return value < t.value;
    case "<=":
      return value <= t.value;
    case ">":
      return value > t.value;
    case ">=":
      return value >= t.value;
    case "==":
      return value === t.value;
    case "!=":
      return value !== t.value;
  }
}

/** What one metric result says: healthy, breached (with the value), or no answer (empty / NaN). */
export function judgeMetric(
  result: MetricResult,
  t: MetricThreshold,
): "ok" | "breached" | "no-data" | "error" {
  if (result.kind === "error") return "error";
  if (result.kind === "empty") return "no-data";
  if (result.values.some((v) => Number.isNaN(v))) return "no-data";
  return result.values.every((v) => meetsThreshold(v, t)) ? "ok" : "breached";
}
