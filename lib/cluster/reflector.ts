/**
 * List, then watch from the list's resourceVersion, keeping a local copy of one kind of object (the informer
 * pattern of client-go's `tools/cache/reflector.go`, reduced): a dropped watch reconnects from the last
 * resourceVersion it saw; `410 Gone` (the version is too old) lists again; after `maxFailures` reconnects in a row
 * without an event the reflector gives up and reports a `watch-lost` error, so verification fails closed.
 */
import type { Watch } from "@kubernetes/client-node";
import { ClusterError, kindOfStatus } from "./errors";
import { KubeHttp } from "./http";

/** An object with metadata. */
export interface Named {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
  };
}

/** Options of a {@link Reflector}. */
export interface ReflectorOptions {
  /** Collection path, e.g. `/api/v1/nodes`. */
  readonly path: string;
  /** `labelSelector`, `fieldSelector`. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Called after every change (coalesce in the caller). */
  readonly onChange: () => void;
  /** Called once when the reflector gives up. */
  readonly onError: (error: ClusterError) => void;
  /** Reconnects in a row without an event before giving up. @default 5 */
  readonly maxFailures?: number;
  /** Delay before the n-th reconnect, ms. @default 100 * 2^n, at most 2000 */
  readonly backoffMs?: (attempt: number) => number;
  /** Called when a watch (re)connects, with the resourceVersion it starts from. */
  readonly onWatch?: (resourceVersion: string) => void;
}

/** A local copy of one collection, kept up to date by list + watch. */
export class Reflector<T extends Named> {
  /** Objects by namespace/name. */
  public readonly items: Map<string, T> = new Map<string, T>();
  /** The last resourceVersion seen. */
  public resourceVersion = "";
  /** Watches re-established after a drop. */
  public reconnects = 0;
  private failures = 0;
  private stopped = false;
  private abort?: AbortController;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly http: KubeHttp,
    private readonly watch: Watch,
    private readonly options: ReflectorOptions,
  ) {}

  /** Lists and starts watching; resolves after the list. Throws ClusterError when the list fails. */
  async start(): Promise<void> {
    await this.list();
    void this.startWatch();
  }

  /** Stops watching. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.abort?.abort();
  }

  private async list(): Promise<void> {
    const body = (await this.http.get(this.options.path, { ...this.options.query })) as {
      items?: T[];
      metadata?: { resourceVersion?: string };
    };
    this.items.clear();
    for (const item of body?.items ?? []) this.items.set(keyOf(item), item);
    this.resourceVersion = body?.metadata?.resourceVersion ?? "";
    this.options.onChange();
  }

  private async startWatch(): Promise<void> {
    if (this.stopped) return;
    let sawEvent = false;
    this.options.onWatch?.(this.resourceVersion);
    const onEvent = (type: string, obj: unknown) => {
      sawEvent = true;
      this.failures = 0;
      if (type === "ERROR") {
        const status = obj as { code?: number; message?: string };
        if (status?.code === 410) {
          this.resourceVersion = "";
          return;
        }
        return;
      }
      const item = obj as T;
      const rv = item?.metadata?.resourceVersion;
      if (rv !== undefined) this.resourceVersion = rv;
      if (type === "BOOKMARK") return;
      if (type === "DELETED") this.items.delete(keyOf(item));
      else this.items.set(keyOf(item), item);
      this.options.onChange();
    };
    const onDone = (err: unknown) => {
      if (this.stopped) return;
      const status = (err as { statusCode?: number } | null)?.statusCode;
      if (status === 401 || status === 403) {
        this.fail(
          new ClusterError(kindOfStatus(status), `watch ${this.options.path}: HTTP ${status}`, status),
        );
        return;
      }
      if (!sawEvent) this.failures++;
      if (this.failures > (this.options.maxFailures ?? 5)) {
        this.fail(
          new ClusterError(
            "watch-lost",
            `watch ${this.options.path} could not be re-established after ${this.failures - 1} attempts${err ? `: ${(err as Error).message}` : ""}`,
          ),
        );
        return;
      }
      this.reconnects++;
      const delay = this.options.backoffMs?.(this.failures) ?? Math.min(2000, 100 * 2 ** this.failures);
      this.timer = setTimeout(() => void this.resume(status === 410), this.failures === 0 ? 0 : delay);
    };
    try {
      const abort = await this.watch.watch(
        this.options.path,
        {
          ...this.options.query,
          resourceVersion: this.resourceVersion || undefined,
          allowWatchBookmarks: true,
        },
        onEvent,
        onDone,
      );
      this.abort = abort;
      // Stopped while the watch was connecting: close it now.
      if (this.stopped) abort.abort();
    } catch (error) {
      onDone(error);
    }
  }

  /** After a drop: watch again from the last resourceVersion, or list first when it expired. */
  private async resume(gone: boolean): Promise<void> {
    if (this.stopped) return;
    if (gone || this.resourceVersion === "") {
      try {
        await this.list();
      } catch (error) {
        if (error instanceof ClusterError && (error.kind === "unauthorized" || error.kind === "forbidden")) {
          this.fail(error);
          return;
        }
        this.failures++;
      }
    }
    void this.startWatch();
  }

  private fail(error: ClusterError): void {
    if (this.stopped) return;
    this.stop();
    this.options.onError(error);
  }
}

function keyOf(item: Named): string {
  return `${item.metadata?.namespace ?? ""}/${item.metadata?.name ?? ""}`;
}
