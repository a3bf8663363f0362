/**
 * Requests to the API server with client-node's connection settings (TLS, client certificates, bearer tokens, exec
 * and auth-provider plugins, proxies: `KubeConfig.applyToHTTPSOptions`), returning the JSON the server sent,
 * unchanged. Raw JSON, not client-node's generated models: the verdict engine reads API objects as the server wrote
 * them, and a rollback must send a ControllerRevision's `data` byte for byte as kubectl does.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { ClusterError, kindOfStatus } from "./errors";

/** A JSON response. */
export interface JsonResponse {
  /** HTTP status. */
  readonly status: number;
  /** Parsed body (undefined when empty or not JSON). */
  readonly body: unknown;
}

/** One API server, through one kubeconfig context. */
export class KubeHttp {
  constructor(
    /** The client-node config (current context set). */
    public readonly config: KubeConfig,
    /** The server URL without a trailing slash. */
    public readonly server: string,
    /** Per-request timeout in ms. */
    private readonly timeoutMs = 30_000,
  ) {}

  /** GET a path; throws ClusterError for a failure or a non-2xx status. */
  async get(path: string, query: Record<string, string | undefined> = {}): Promise<unknown> {
    return this.expectOk("GET", path, await this.request("GET", path, query));
  }

  /** PATCH a path with a body and content type; throws ClusterError for a failure or non-2xx. */
  async patch(path: string, body: string, contentType: string): Promise<unknown> {
    return this.expectOk("PATCH", path, await this.request("PATCH", path, {}, body, contentType));
  }

  /** Sends one request; throws ClusterError(`unreachable`) when there is no response. */
  async request(
    method: string,
    path: string,
    query: Record<string, string | undefined> = {},
    body?: string,
    contentType?: string,
  ): Promise<JsonResponse> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const opts: https.RequestOptions = { method, headers: { Accept: "application/json" } };
    try {
      await this.config.applyToHTTPSOptions(opts);
    } catch (error) {
      throw new ClusterError("unauthorized", `credentials for ${this.server}: ${(error as Error).message}`);
    }
    if (body !== undefined) {
      opts.headers = {
        ...opts.headers,
        "Content-Type": contentType ?? "application/json",
        "Content-Length": Buffer.byteLength(body),
      };
    }
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<JsonResponse>((resolve, reject) => {
      const req = transport.request(url, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) =>
          reject(new ClusterError("unreachable", `${method} ${url.href}: ${e.message}`)),
        );
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer in ${this.timeoutMs / 1000}s`)));
      req.on("error", (e) =>
        reject(new ClusterError("unreachable", `cannot reach the API server ${this.server}: ${e.message}`)),
      );
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  private expectOk(method: string, path: string, res: JsonResponse): unknown {
    if (res.status >= 200 && res.status < 300) return res.body;
    const message = (res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
    const what =
      res.status === 401
        ? "unauthorized (401): the kubeconfig's credentials were refused"
        : res.status === 403
          ? "forbidden (403): the credentials may not read this"
          : `HTTP ${res.status}`;
    throw new ClusterError(kindOfStatus(res.status), `${method} ${path}: ${what}: ${message}`, res.status);
  }
}
