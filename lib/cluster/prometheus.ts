/** Prometheus instant queries (`GET <url>/api/v1/query?query=...`); the reading of the answer is lib/verify/metrics. */
import { MetricResult, readQueryResponse } from "../verify/metrics";

/** Runs one instant query; never throws (a failure is a `kind: "error"` result, counted by the engine). */
export async function queryPrometheus(
  baseUrl: string,
  query: string,
  timeoutMs = 10_000,
): Promise<MetricResult> {
  const url = `${baseUrl.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(query)}`;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: "application/json" },
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: "error", message: `HTTP ${res.status}: not JSON` };
    }
    return readQueryResponse(body);
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
}
