/**
 * Label selector strings for list/watch requests (`k8s.io/apimachinery/pkg/labels` syntax: `k=v`, `k!=v`,
 * `k in (a,b)`, `k notin (a)`, `k`, `!k`).
 */
import { NodeSelector } from "../model/node-selector";

/** A DaemonSet's `spec.selector` as a label selector string. */
export function labelSelectorOf(selector: {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = `(${(e.values ?? []).join(",")})`;
    if (e.operator === "In") parts.push(`${e.key} in ${values}`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin ${values}`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

/**
 * A node pool as one label selector, when it is one term (a label selector cannot say OR); undefined otherwise
 * (then every node is listed and the pool is matched locally).
 */
export function nodeLabelSelector(pool: NodeSelector | undefined): string | undefined {
  if (pool === undefined || pool.length !== 1) return undefined;
  return labelSelectorOf({
    matchExpressions: pool[0].map((r) => ({ key: r.key, operator: r.operator, values: r.values })),
  });
}
