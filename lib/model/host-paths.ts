/** Host paths an agent must never mount writable, with the reason. `/sys/fs/bpf` is the one allowed exception under /sys. */
export const PROTECTED_HOST_PATHS: Readonly<Record<string, string>> = {
  "/": "the whole host filesystem",
  "/lib/modules": "kernel modules: writing here is loading code into the kernel",
  "/usr/src": "kernel headers and sources used to build modules",
  "/boot": "the kernel and boot loader: a bad write boot-loops the node",
  "/dev": "raw devices",
  "/sys": "kernel parameters and devices",
};

/** Host paths agents may mount writable although they sit under a protected path. */
export const ALLOWED_WRITABLE_HOST_PATHS: readonly string[] = ["/sys/fs/bpf"];

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
 * The protected path a writable hostPath would expose, or undefined when it is safe.
 * `/sys/fs/bpf` (and below) is allowed; `/sys/kernel` is not; `/lib/modules/5.15` is not; `..` is resolved first.
 */
export function protectedHostPath(path: string): string | undefined {
  const p = resolveHostPath(path);
  if (ALLOWED_WRITABLE_HOST_PATHS.some((a) => p === a || p.startsWith(`${a}/`))) return undefined;
  for (const prot of Object.keys(PROTECTED_HOST_PATHS)) {
    if (prot === "/") {
      if (p === "/") return "/";
      continue;
    }
    if (p === prot || p.startsWith(`${prot}/`)) return prot;
  }
  // A parent of a protected path (e.g. /lib or /usr) exposes it too.
  for (const prot of Object.keys(PROTECTED_HOST_PATHS)) {
    if (prot !== "/" && prot.startsWith(`${p}/`)) return prot;
  }
  return undefined;
}
