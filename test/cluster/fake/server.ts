/**
 * A loopback Kubernetes API test double (node:http on 127.0.0.1, an OS-chosen port): discovery, list and watch with
 * resourceVersion for nodes, pods, daemonsets and controllerrevisions, get and strategic-merge patch of
 * daemonsets, label and field selectors, faults on demand (401/403/500, dropped watches, refusing connections).
 * Enough for wavegate verify / rollback and for `kubectl get`, `kubectl rollout status` and `kubectl rollout undo`.
 * A test double: it is not shipped, and it is not an API server.
 */
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { parseFieldSelector, parseLabelSelector } from "./labels";
import { strategicMerge } from "./patch";
import { Kind, Obj, Store, WatchEvent } from "./store";
import { discovery } from "./discovery";

/** A request the double received (for assertions). */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly userAgent?: string;
}

/** Hooks the double calls on writes (the simulated controllers). */
export interface ServerHooks {
  /** After a DaemonSet's spec changed through the API (a PATCH). */
  onDaemonSetSpecChanged?: (ds: Obj) => void;
}

const ROUTES: { re: RegExp; kind: Kind; namespaced: boolean; group: string }[] = [
  { re: /^\/api\/v1\/nodes(?:\/([^/]+))?$/, kind: "nodes", namespaced: false, group: "v1" },
  { re: /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/, kind: "pods", namespaced: true, group: "v1" },
  {
    re: /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets(?:\/([^/]+))?$/,
    kind: "daemonsets",
    namespaced: true,
    group: "apps/v1",
  },
  {
    re: /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/controllerrevisions(?:\/([^/]+))?$/,
    kind: "controllerrevisions",
    namespaced: true,
    group: "apps/v1",
  },
  { re: /^\/apis\/apps\/v1\/daemonsets$/, kind: "daemonsets", namespaced: false, group: "apps/v1" },
];

const LIST_KIND: Record<Kind, string> = {
  nodes: "NodeList",
  pods: "PodList",
  daemonsets: "DaemonSetList",
  controllerrevisions: "ControllerRevisionList",
};

/** The fake API server. */
export class FakeApiServer {
  readonly store = new Store();
  readonly received: Received[] = [];
  /** Answer every request with this status (401, 403, 500...) while set. */
  failWith?: number;
  /** Answer only watch requests with this status while set. */
  failWatchesWith?: number;
  hooks: ServerHooks = {};
  private server?: http.Server;
  private readonly watches = new Set<http.ServerResponse>();

  /** Starts listening on 127.0.0.1 on a free port; resolves to the base URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this.url;
  }

  get url(): string {
    const a = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  /** Ends every open watch connection (clients must reconnect). */
  dropWatches(): number {
    const n = this.watches.size;
    for (const res of this.watches) res.destroy();
    this.watches.clear();
    return n;
  }

  /** Open watch connections. */
  get openWatches(): number {
    return this.watches.size;
  }

  async stop(): Promise<void> {
    this.dropWatches();
    const server = this.server;
    if (server === undefined || !server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined;
      this.received.push({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.search,
        contentType: req.headers["content-type"],
        body,
        userAgent: req.headers["user-agent"],
      });
      try {
        this.route(req.method ?? "GET", url, body, res);
      } catch (error) {
        status(res, 400, "BadRequest", (error as Error).message);
      }
    });
  }

  private route(method: string, url: URL, body: string | undefined, res: http.ServerResponse): void {
    if (this.failWith !== undefined)
      return status(res, this.failWith, reasonOf(this.failWith), `injected ${this.failWith}`);
    const doc = discovery(url.pathname);
    if (doc !== undefined) return json(res, 200, doc);
    for (const route of ROUTES) {
      const m = route.re.exec(url.pathname);
      if (m === null) continue;
      const namespace = route.namespaced && m.length > 2 ? decodeURIComponent(m[1]) : undefined;
      const name =
        m[route.namespaced ? 2 : 1] !== undefined
          ? decodeURIComponent(m[route.namespaced ? 2 : 1])
          : undefined;
      if (name !== undefined) return this.item(method, route.kind, namespace, name, body, res);
      if (method !== "GET") return status(res, 405, "MethodNotAllowed", `${method} on a collection`);
      const labels = parseLabelSelector(url.searchParams.get("labelSelector"));
      const fields = parseFieldSelector(url.searchParams.get("fieldSelector"));
      const matches = (o: Obj) =>
        (namespace === undefined || o.metadata.namespace === namespace) &&
        labels(o.metadata.labels as Record<string, string>) &&
        fields(o);
      if (url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1") {
        return this.watch(route.kind, matches, url.searchParams.get("resourceVersion"), res);
      }
      const items = this.store.list(route.kind).filter(matches);
      return json(res, 200, {
        kind: LIST_KIND[route.kind],
        apiVersion: route.group,
        metadata: { resourceVersion: String(this.store.rv) },
        items,
      });
    }
    status(res, 404, "NotFound", `the server could not find the requested resource (${url.pathname})`);
  }

  private item(
    method: string,
    kind: Kind,
    namespace: string | undefined,
    name: string,
    body: string | undefined,
    res: http.ServerResponse,
  ): void {
    const existing = this.store.get(kind, namespace, name);
    if (existing === undefined)
      return status(res, 404, "NotFound", `${kind} "${name}" not found`, { name, kind });
    if (method === "GET") return json(res, 200, existing);
    if (method === "PATCH" && kind === "daemonsets") {
      const patch = JSON.parse(body ?? "{}");
      const merged = strategicMerge(existing, patch) as Obj;
      const specChanged = JSON.stringify(merged.spec) !== JSON.stringify(existing.spec);
      if (specChanged)
        merged.metadata = {
          ...merged.metadata,
          generation: ((existing.metadata.generation as number) ?? 1) + 1,
        };
      const stored = this.store.put(kind, merged);
      if (specChanged) this.hooks.onDaemonSetSpecChanged?.(stored);
      return json(res, 200, this.store.get(kind, namespace, name));
    }
    status(res, 405, "MethodNotAllowed", `${method} ${kind} is not supported by the test double`);
  }

  private watch(
    kind: Kind,
    matches: (o: Obj) => boolean,
    from: string | null,
    res: http.ServerResponse,
  ): void {
    if (this.failWatchesWith !== undefined)
      return status(res, this.failWatchesWith, reasonOf(this.failWatchesWith), "injected");
    const fromRv = from === null || from === "" || from === "0" ? this.store.rv : Number(from);
    res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    res.flushHeaders(); // as the API server does: a watch answers at once, events follow
    if (fromRv < this.store.compactedRv) {
      res.end(
        JSON.stringify({
          type: "ERROR",
          object: {
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            code: 410,
            reason: "Expired",
            message: `too old resource version: ${fromRv} (${this.store.compactedRv})`,
          },
        }) + "\n",
      );
      return;
    }
    const send = (e: WatchEvent) => {
      if (e.kind === kind && e.rv > fromRv && matches(e.object))
        res.write(JSON.stringify({ type: e.type, object: e.object }) + "\n");
    };
    for (const e of this.store.log) if (e.rv > fromRv) send(e);
    const unsubscribe = this.store.subscribe(send);
    this.watches.add(res);
    res.on("close", () => {
      unsubscribe();
      this.watches.delete(res);
    });
  }
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function status(
  res: http.ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: unknown,
): void {
  json(res, code, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    code,
    ...(details ? { details } : {}),
  });
}

function reasonOf(code: number): string {
  return code === 401
    ? "Unauthorized"
    : code === 403
      ? "Forbidden"
      : code === 404
        ? "NotFound"
        : "InternalError";
}
