/**
 * Checks and fixes on a YAML document's value, as go-yaml v2 decodes it: the alias-expansion bound, anchors that
 * contain themselves, merge keys with go-yaml's precedence, `.inf` / `.nan`. All iterative (a value may nest deep).
 */
import { MERGE_KEY_PREFIX, NON_FINITE_PREFIX, NULL_MARK } from "./yaml-schema";

/** Thrown when a document is not what Kubernetes would read: `message` says why, `line` where (1-based). */
export class YamlStreamError extends Error {
  constructor(
    message: string,
    /** 1-based line, when known. */
    public readonly line?: number,
  ) {
    super(message);
    this.name = "YamlStreamError";
  }
}

/**
 * go-yaml v2's bound on alias expansion (yaml.v2 v2.4.0 `decode.go` `unmarshal` / `allowedAliasRatio`, the fix of
 * CVE-2019-11253): once more than 100 nodes came from aliases and more than 1,000 were decoded, the share of
 * alias-driven decodes may be 99% up to 400,000 decodes, falling to 10% at 4,000,000. Counted per document.
 */
export class AliasBudget {
  private decodes = 0;
  private aliased = 0;

  reset(): void {
    this.decodes = 0;
    this.aliased = 0;
  }

  decoded(nodes: number, fromAliases: number, line: number): void {
    this.decodes += nodes;
    this.aliased += fromAliases;
    if (
      this.aliased > 100 &&
      this.decodes > 1000 &&
      this.aliased / this.decodes > allowedAliasRatio(this.decodes)
    ) {
      throw new YamlStreamError(
        `document contains excessive aliasing (its aliases expand to ${this.aliased.toLocaleString("en-US")}+ nodes; ` +
          "Kubernetes' YAML parser refuses it too)",
        line + 1,
      );
    }
  }
}

function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodes - 400_000) / 3_600_000);
}

const sizes = new WeakMap<object, number>();

/** Nodes go-yaml decodes for a value (keys count): memoized per object, iterative, so shared parts count once. */
export function sizeOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  const inProgress = new Set<object>();
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (sizes.has(node)) {
      stack.pop();
      continue;
    }
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    if (!inProgress.has(node)) {
      inProgress.add(node);
      for (const c of children) {
        if (typeof c !== "object" || c === null || sizes.has(c)) continue;
        if (inProgress.has(c)) throw new YamlStreamError("an anchor's value contains itself");
        stack.push(c);
      }
      continue;
    }
    let n = 1 + (Array.isArray(node) ? 0 : children.length);
    for (const c of children) n += typeof c === "object" && c !== null ? (sizes.get(c) ?? 1) : 1;
    sizes.set(node, n);
    inProgress.delete(node);
    stack.pop();
  }
  return sizes.get(value) ?? 1;
}

const isMergeKey = (k: string) => k.startsWith(MERGE_KEY_PREFIX);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Applies merge keys (`<<: *base`, `<<: [*a, *b]`) as go-yaml v2 does (`decode.go` `mapping` / `merge`): pairs in
 * order, a merge assigning every key of its mapping over what is already there, a list merged from its last mapping
 * to its first (so earlier ones win), later keys over merged ones. (js-yaml's own merge lets earlier keys win over a
 * later merge, so `privileged: false` then `<<: *privileged` would read differently.) A plain `<<` that is a value
 * is the string `<<`. Iterative, children first; shared objects are done once.
 */
export function applyMerges(root: unknown): void {
  if (typeof root !== "object" || root === null) return;
  const done = new Set<object>();
  const stack: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (done.has(top.node)) {
      stack.pop();
      continue;
    }
    const node = top.node as Record<string, unknown> | unknown[];
    if (!top.expanded) {
      top.expanded = true;
      for (const c of Object.values(node)) {
        if (typeof c === "object" && c !== null && !done.has(c)) stack.push({ node: c, expanded: false });
      }
      continue;
    }
    stack.pop();
    done.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (isMergeValue(node[i])) node[i] = "<<";
      continue;
    }
    const entries = Object.entries(node);
    if (!entries.some(([k]) => isMergeKey(k))) {
      for (const [k, v] of entries) if (isMergeValue(v)) node[k] = "<<";
      continue;
    }
    for (const [k] of entries) delete node[k];
    for (const [k, v] of entries) {
      if (isMergeKey(k)) mergeInto(node, v);
      else setKey(node, k, isMergeValue(v) ? "<<" : v);
    }
  }
}

const isMergeValue = (v: unknown) => typeof v === "string" && isMergeKey(v);

function mergeInto(target: Record<string, unknown>, source: unknown): void {
  const sources = Array.isArray(source) ? [...source].reverse() : [source];
  for (const s of sources) {
    if (!isPlainObject(s)) throw new Error("map merge requires map or sequence of maps as the value");
    for (const [k, v] of Object.entries(s)) setKey(target, k, v);
  }
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** True when a value holds itself (iterative; the path is tracked, shared non-cyclic parts are walked once). */
export function hasCycle(root: unknown): boolean {
  if (typeof root !== "object" || root === null) return false;
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.expanded) {
      onPath.delete(top.node);
      done.add(top.node);
      stack.pop();
      continue;
    }
    top.expanded = true;
    onPath.add(top.node);
    for (const c of Object.values(top.node)) {
      if (typeof c !== "object" || c === null || done.has(c)) continue;
      if (onPath.has(c)) return true;
      stack.push({ node: c, expanded: false });
    }
  }
  return false;
}

/**
 * Undoes the scalar marks of yaml-schema.ts: `.inf` / `.nan` keys get the text Kubernetes makes of them, `null`
 * values are null again; returns what Kubernetes refuses: the first `.inf` / `.nan` value or `null` key, as written.
 * Iterative.
 */
export function unmarkScalars(root: unknown): string | undefined {
  const isMarked = (v: unknown): v is string => typeof v === "string" && v.startsWith(NON_FINITE_PREFIX);
  if (root === NULL_MARK) return undefined;
  if (isMarked(root)) return `${root.slice(NON_FINITE_PREFIX.length)} value`;
  const stack: unknown[] = [root];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (c === NULL_MARK) v[i] = null;
        else if (isMarked(c)) return `${c.slice(NON_FINITE_PREFIX.length)} value`;
        else stack.push(c);
      }
      continue;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k === NULL_MARK) return "null key";
      let key = k;
      if (k.startsWith(NON_FINITE_PREFIX)) {
        key = k.slice(NON_FINITE_PREFIX.length);
        setKey(o, key, o[k]);
        delete o[k];
      }
      const c = o[key];
      if (c === NULL_MARK) o[key] = null;
      else if (isMarked(c)) return `${c.slice(NON_FINITE_PREFIX.length)} value`;
      else stack.push(c);
    }
  }
  return undefined;
}
