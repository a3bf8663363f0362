/**
 * Label and field selectors as the API server parses them (k8s.io/apimachinery/pkg/labels/selector.go):
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists), `!k` (does not exist), ANDed by commas.
 * Part of the test double, not shipped.
 */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** Parses a label selector; throws on syntax the API server would refuse (the server answers 400). */
export function parseLabelSelector(text: string | null | undefined): LabelMatcher {
  if (text === null || text === undefined || text.trim() === "") return () => true;
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  const matchers = parts.map((raw) => one(raw.trim()));
  return (labels) => matchers.every((m) => m(labels ?? {}));
}

function one(part: string): (l: Readonly<Record<string, string>>) => boolean {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
  if (m !== null) {
    const [, key, op, list] = m;
    const values = list
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    return op === "in"
      ? (l) => key in l && values.includes(l[key])
      : (l) => !(key in l) || !values.includes(l[key]);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
  if (m !== null) {
    const [, key, op, value] = m;
    return op === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(part);
  if (m !== null) {
    const [, not, key] = m;
    return not === "!" ? (l) => !(key in l) : (l) => key in l;
  }
  throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
}

/** Parses the field selectors the double supports: `metadata.name=x`, `metadata.namespace=x` (ANDed). */
export function parseFieldSelector(
  text: string | null | undefined,
): (o: { metadata?: { name?: string; namespace?: string } }) => boolean {
  if (!text) return () => true;
  const checks = text.split(",").map((p) => {
    const m = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(p.trim());
    if (m === null) throw new Error(`field label not supported: ${p}`);
    const field = m[1] === "metadata.name" ? "name" : "namespace";
    return (o: { metadata?: { name?: string; namespace?: string } }) =>
      m[2] === "!=" ? o.metadata?.[field] !== m[3] : o.metadata?.[field] === m[3];
  });
  return (o) => checks.every((c) => c(o));
}
