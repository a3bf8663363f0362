/**
 * The one table of host paths a node agent must not mount, with the reason for each. WG204 (the gate) and the
 * EbpfAgent refusals (construct time) both read it, so they refuse the same paths for the same reasons.
 *
 * Semantics followed:
 * - A hostPath exposes what is under it, so a parent of a protected path (`/usr` of `/usr/src`) exposes it too.
 * - The container runtime bind-mounts hostPath volumes recursively (containerd's CRI `rbind`), so `/` includes the
 *   `/run` tmpfs and the runtime's socket.
 * - `readOnly` does not protect a socket: `connect()` only checks write permission on the socket inode
 *   (net/unix/af_unix.c `unix_find_bsd` -> `path_permission(MAY_WRITE)`); a read-only bind mount is enforced by
 *   `mnt_want_write()`, which connect() never calls, and a read-only filesystem refuses writes to regular files,
 *   directories and symlinks only (fs/namei.c `sb_permission`). So a runtime socket (which hands over the node)
 *   counts whatever `readOnly` says.
 * - `/var/run` is a symlink to `/run` on every current distribution (FHS 3.0, systemd), and the kubelet resolves a
 *   hostPath on the host: `/var/run/...` is judged as `/run/...`.
 */

/** One protected host path. */
export interface HostPathEntry {
  /** The host path (absolute, normalised). */
  readonly path: string;
  /** Why mounting it is dangerous. */
  readonly reason: string;
  /** True when it is refused even mounted `readOnly: true` (container-runtime sockets). */
  readonly readOnlyToo: boolean;
  /** True when paths below it are protected too (false for `/` and `/run`: only the directory itself). */
  readonly below: boolean;
}

/** Runtime sockets: refused read-only too. */
const RUNTIME = { readOnlyToo: true } as const;

/**
 * The table, documented in the README ("Host paths"; a test keeps the two equal). Order only decides which protected
 * path a parent mount is reported as exposing (a read-only `/` names `/run`).
 */
export const HOST_PATH_TABLE: readonly HostPathEntry[] = [
  entry("/", "the whole host filesystem", { below: false }),
  entry("/boot", "the kernel and boot loader: a bad write boot-loops the node"),
  entry("/lib/modules", "kernel modules: writing here is loading code into the kernel"),
  entry("/usr/lib/modules", "kernel modules: the same directory as /lib/modules on merged-/usr systems"),
  entry("/usr/src", "kernel headers and sources used to build modules"),
  entry("/dev", "raw devices: disks, /dev/mem, /dev/kmsg"),
  entry("/sys", "kernel parameters and devices"),
  entry("/proc", "/proc/sys sets kernel parameters and /proc/sysrq-trigger crashes the kernel"),
  entry("/etc", "the node's configuration: kubelet and runtime config, systemd units, users, sudoers"),
  entry(
    "/var/lib/kubelet",
    "the kubelet's state: every pod's volumes and secrets, the kubelet's credentials",
  ),
  entry("/run", "holds the container-runtime sockets (containerd, CRI-O, Docker)", {
    ...RUNTIME,
    below: false,
  }),
  entry("/run/containerd", "containerd's socket: whoever reaches it runs any container on the node", RUNTIME),
  entry("/run/crio", "CRI-O's socket: whoever reaches it runs any container on the node", RUNTIME),
  entry("/run/docker", "Docker's runtime state and socket: it hands over the node", RUNTIME),
  entry("/run/docker.sock", "Docker's socket: whoever reaches it runs any container on the node", RUNTIME),
];

/** Socket file names of container runtimes, refused wherever they are and whatever `readOnly` says. */
export const RUNTIME_SOCKET_NAMES: readonly string[] = [
  "containerd.sock",
  "crio.sock",
  "docker.sock",
  "dockershim.sock",
  "cri-dockerd.sock",
  "podman.sock",
];

/** The reason a runtime socket named in {@link RUNTIME_SOCKET_NAMES} is refused. */
export const RUNTIME_SOCKET_REASON =
  "a container-runtime socket: whoever reaches it runs any container on the node";

/** Host paths agents may mount writable although they sit under a protected path, with the reason. */
export const ALLOWED_HOST_PATHS: Readonly<Record<string, string>> = {
  "/sys/fs/bpf": "the BPF filesystem: pinning maps there is how eBPF state survives an agent restart",
  "/dev/shm": "a memory filesystem (tmpfs) for shared memory, not a device",
  "/dev/hugepages": "a memory filesystem (hugetlbfs), not a device",
};

/** Host paths agents may mount writable although they sit under a protected path. */
export const ALLOWED_WRITABLE_HOST_PATHS: readonly string[] = Object.keys(ALLOWED_HOST_PATHS);

/** Reason of each protected path, by path (the table as a record). */
export const PROTECTED_HOST_PATHS: Readonly<Record<string, string>> = Object.fromEntries([
  ...HOST_PATH_TABLE.map((e) => [e.path, e.reason]),
  ...RUNTIME_SOCKET_NAMES.map((name) => [name, RUNTIME_SOCKET_REASON]),
]);

/** What a hostPath mount exposes. */
export interface HostPathExposure {
  /** The protected path (or runtime socket name) it exposes. */
  readonly protects: string;
  /** Why that is dangerous. */
  readonly reason: string;
  /** True when it counts even mounted read-only (a runtime socket). */
  readonly readOnlyToo: boolean;
}

/** Removes trailing slashes and repeated slashes: `/sys//fs/bpf/` -> `/sys/fs/bpf`. */
export function normalizeHostPath(path: string): string {
  const collapsed = String(path).replace(/\/+/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

/**
 * Like {@link normalizeHostPath}, and also resolves `.` and `..` segments, so `/sys/fs/bpf/../..` is seen as `/`.
 * A relative path is resolved against `/` (the kubelet only accepts absolute hostPaths).
 */
export function resolveHostPath(path: string): string {
  const out: string[] = [];
  for (const segment of normalizeHostPath(path).split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return `/${out.join("/")}`;
}

/**
 * What a hostPath mounted with this `readOnly` exposes, or undefined when it is safe. Resolves `..`, judges
 * `/var/run` as `/run`, allows {@link ALLOWED_HOST_PATHS} (and below), refuses a parent of a protected path, and
 * refuses runtime sockets even read-only.
 */
export function hostPathExposure(path: string, readOnly = false): HostPathExposure | undefined {
  // Memoized (bounded): every wave of every agent mounts the same few host paths.
  const key = `${readOnly ? "r" : "w"}${path}`;
  let hit = exposures.get(key);
  if (hit === undefined) {
    hit = computeExposure(String(path), readOnly) ?? null;
    if (exposures.size >= 10_000) exposures.clear();
    exposures.set(key, hit);
  }
  return hit ?? undefined;
}

const exposures = new Map<string, HostPathExposure | null>();

function computeExposure(path: string, readOnly: boolean): HostPathExposure | undefined {
  const p = resolveHostPath(path).replace(/^\/var\/run(?=\/|$)/, "/run");
  const counts = (e: { readOnlyToo: boolean }) => !readOnly || e.readOnlyToo;
  const name = p.slice(p.lastIndexOf("/") + 1);
  if (RUNTIME_SOCKET_NAMES.includes(name)) {
    return { protects: name, reason: RUNTIME_SOCKET_REASON, readOnlyToo: true };
  }
  if (ALLOWED_WRITABLE_HOST_PATHS.some((a) => p === a || p.startsWith(`${a}/`))) return undefined;
  // The path itself, or below a protected path (the table is most specific first).
  for (const e of HOST_PATH_TABLE) {
    if ((p === e.path || (e.below && p.startsWith(`${e.path}/`))) && counts(e)) return exposure(e);
  }
  // A parent of a protected path (`/usr` of `/usr/src`, `/` of `/run`) exposes it too.
  for (const e of HOST_PATH_TABLE) {
    if (e.path !== "/" && (p === "/" || e.path.startsWith(`${p}/`)) && counts(e)) return exposure(e);
  }
  return undefined;
}

/**
 * The protected path a *writable* hostPath would expose, or undefined when it is safe.
 * `/sys/fs/bpf` (and below) is allowed; `/sys/kernel` is not; `/lib/modules/5.15` is not; `..` is resolved first.
 */
export function protectedHostPath(path: string): string | undefined {
  return hostPathExposure(path, false)?.protects;
}

function exposure(e: HostPathEntry): HostPathExposure {
  return { protects: e.path, reason: e.reason, readOnlyToo: e.readOnlyToo };
}

function entry(path: string, reason: string, options: Partial<HostPathEntry> = {}): HostPathEntry {
  return { path, reason, readOnlyToo: false, below: true, ...options };
}
