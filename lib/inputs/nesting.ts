/** Deepest nesting any manifest may have before a recursive walk (the YAML writer's among them) is refused. */
export const MAX_MANIFEST_DEPTH = 200;

/**
 * The path (`spec.template.x[0].y...`, cut to its first segments) where `value` nests deeper than `limit` objects and
 * lists, or undefined when it does not. Iterative, so it cannot itself run out of stack.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_MANIFEST_DEPTH): string | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: "" }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop() as { v: unknown; depth: number; path: string };
    if (typeof v !== "object" || v === null) continue;
    if (depth >= limit) return path.length > 120 ? `${path.slice(0, 120)}...` : path;
    const deeper = depth + 1;
    const short = path.length <= 120;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++)
        stack.push({ v: v[i], depth: deeper, path: short ? `${path}[${i}]` : path });
    } else {
      for (const k of Object.keys(v)) {
        const child = (v as Record<string, unknown>)[k];
        if (typeof child === "object" && child !== null) {
          stack.push({ v: child, depth: deeper, path: short ? (path === "" ? k : `${path}.${k}`) : path });
        }
      }
    }
  }
  return undefined;
}
