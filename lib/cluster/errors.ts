/** Why the cluster could not be read. Every kind is "no verdict" (exit 3), never verified. */
export type ClusterErrorKind =
  | "config"
  | "unreachable"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "server"
  | "watch-lost"
  | "conflict";

/** A failure talking to the cluster, with the request it happened on. */
export class ClusterError extends Error {
  constructor(
    /** What kind of failure. */
    public readonly kind: ClusterErrorKind,
    message: string,
    /** HTTP status, when there was a response. */
    public readonly status?: number,
  ) {
    super(message);
    this.name = "ClusterError";
  }
}

/** The error kind of an HTTP status. */
export function kindOfStatus(status: number): ClusterErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  return "server";
}
