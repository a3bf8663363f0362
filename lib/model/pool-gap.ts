import { NodeLabels, NodeRequirement, NodeTerm } from "./node-selector";

/** Label value used in witnesses for "any value not named by any selector". */
export const OTHER_VALUE = "<other>";

/** The search gave up: too many label combinations to decide within its budget. */
export class SearchBudgetExceeded extends Error {
  constructor() {
    super("too many label combinations to decide");
    this.name = "SearchBudgetExceeded";
  }
}

const valueSets = new WeakMap<NodeRequirement, ReadonlySet<string>>();

/** The requirement's values as a set, built once per requirement object. */
function valueSet(r: NodeRequirement): ReadonlySet<string> {
  let set = valueSets.get(r);
  if (set === undefined) valueSets.set(r, (set = new Set(r.values)));
  return set;
}

/** One key's constraints in a term: required present / absent, the values allowed, the values excluded. */
interface KeyConstraint {
  readonly present: boolean;
  readonly absent: boolean;
  /** Sorted values In allows (every In intersected, NotIn values removed); undefined without In. */
  readonly allowed?: readonly string[];
  readonly excluded: ReadonlySet<string>;
}

/** A term compiled per key, or null when its requirements contradict each other. */
type CompiledTerm = ReadonlyMap<string, KeyConstraint> | null;

const compiled = new WeakMap<readonly NodeRequirement[], CompiledTerm>();

/** A term's per-key constraints, computed once per term object. */
export function compileTerm(reqs: readonly NodeRequirement[]): CompiledTerm {
  let c = compiled.get(reqs);
  if (c !== undefined) return c;
  const byKey = new Map<string, NodeRequirement[]>();
  for (const r of reqs) {
    const list = byKey.get(r.key);
    if (list === undefined) byKey.set(r.key, [r]);
    else list.push(r);
  }
  const out = new Map<string, KeyConstraint>();
  c = out;
  for (const [key, list] of byKey) {
    let present = false;
    let absent = false;
    let allowed: string[] | undefined;
    const excluded = new Set<string>();
    for (const r of list) {
      if (r.operator === "DoesNotExist") absent = true;
      else if (r.operator === "Exists") present = true;
      else if (r.operator === "NotIn") for (const v of r.values) excluded.add(v);
      else {
        present = true;
        allowed = allowed === undefined ? [...r.values] : allowed.filter((v) => r.values.includes(v));
      }
    }
    if (allowed !== undefined) allowed = [...new Set(allowed)].filter((v) => !excluded.has(v)).sort();
    if ((present && absent) || allowed?.length === 0) {
      c = null;
      break;
    }
    out.set(key, { present, absent, allowed, excluded });
  }
  compiled.set(reqs, c);
  return c;
}

/** Labels of a node matching both compiled terms (`b` may be omitted), or undefined when none does. */
export function jointWitness(a: CompiledTerm, b?: CompiledTerm): NodeLabels | undefined {
  if (a === null || b === null) return undefined;
  const labels: Record<string, string> = {};
  const NONE: KeyConstraint = { present: false, absent: false, excluded: new Set() };
  const keys = b === undefined ? a.keys() : new Set([...a.keys(), ...b.keys()]).values();
  for (const key of keys) {
    const x = a.get(key) ?? NONE;
    const y = b?.get(key) ?? NONE;
    if ((x.present || y.present) && (x.absent || y.absent)) return undefined;
    let value: string | undefined;
    if (x.allowed !== undefined || y.allowed !== undefined) {
      const [first, other] = x.allowed !== undefined ? [x, y] : [y, x];
      const otherAllowed = other.allowed === undefined ? undefined : new Set(other.allowed);
      value = first.allowed?.find(
        (v) => !other.excluded.has(v) && (otherAllowed === undefined || otherAllowed.has(v)),
      );
      if (value === undefined) return undefined;
    } else if (x.present || y.present) {
      value = OTHER_VALUE;
    }
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

/** A term whose requirements are satisfiable together, with the labels of a node matching it; else undefined. */
export function termWitness(reqs: readonly NodeRequirement[]): NodeLabels | undefined {
  return jointWitness(compileTerm(reqs));
}

/**
 * A node no term matches (every term has a false requirement), or undefined when every node matches some term.
 *
 * Assumptions / invariants: each key's value is one class of: absent, a value some requirement names, or any other
 * value (all alike). The search falsifies terms one at a time (the term with the fewest ways to be falsified first),
 * narrowing each key's set of classes; a branch ends when a term can no longer be falsified (it holds for every node
 * left). Branches together cover every node where the chosen term is false, so the answer is exact. More than
 * `budget` requirement checks throws `SearchBudgetExceeded` (fail closed: the caller reports "cannot decide").
 */
export function findGap(terms: readonly NodeTerm[], budget: number): NodeLabels | undefined {
  if (terms.some((t) => t.length === 0)) return undefined; // an empty term matches every node
  const domains = new Map<string, Domain>();
  for (const t of terms) for (const r of t) domainOf(domains, r.key).name(r.values);
  for (const d of domains.values()) d.seal();
  type Req = { r: NodeRequirement; values: ReadonlySet<string>; d: Domain };
  const all: Req[][] = terms.map((t) =>
    t.map((r) => ({ r, values: valueSet(r), d: domains.get(r.key) as Domain })),
  );
  let steps = 0;

  // Terms still open (not yet false for every node left) go down the search; a false term stays false deeper
  // (domains only shrink). Unit terms (one way to falsify) are applied in a loop, without recursion.
  const search = (open: Req[][]): boolean => {
    const undo: [Domain, number][] = [];
    const fail = (): false => {
      for (let i = undo.length - 1; i >= 0; i--) undo[i][0].undo(undo[i][1]);
      return false;
    };
    for (;;) {
      let best: Req[] | undefined;
      let bestCount = Infinity;
      const units: Req[] = [];
      const next: Req[][] = [];
      for (const term of open) {
        let falsifiable = 0;
        let isFalse = false;
        let way: Req | undefined;
        for (const x of term) {
          steps += 1;
          const f = x.d.canFalsify(x.r, x.values);
          if (f === "always") {
            isFalse = true;
            break;
          }
          if (f === "sometimes") {
            falsifiable++;
            way = x;
          }
        }
        if (isFalse) continue;
        next.push(term);
        if (falsifiable === 1) units.push(way as Req);
        if (falsifiable < bestCount) {
          best = term;
          bestCount = falsifiable;
        }
      }
      if (steps > budget) throw new SearchBudgetExceeded();
      if (best === undefined) return true; // every term is false for the nodes left: a gap
      if (bestCount === 0) return fail(); // this term holds for every node left
      open = next;
      if (units.length > 0) {
        // Every unit term has one way left to be false: take them all, then look again.
        for (const x of units) {
          steps += 1;
          const f = x.d.canFalsify(x.r, x.values);
          if (f === "never") return fail();
          if (f === "sometimes") undo.push([x.d, x.d.falsify(x.r, x.values)]);
        }
        continue;
      }
      for (const x of best) {
        if (x.d.canFalsify(x.r, x.values) !== "sometimes") continue;
        const mark = x.d.falsify(x.r, x.values);
        if (search(open)) return true;
        x.d.undo(mark);
      }
      return fail();
    }
  };
  if (!search(all)) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, d] of domains) {
    const v = d.pick();
    if (v !== undefined) labels[key] = v;
  }
  return labels;
}

function domainOf(domains: Map<string, Domain>, key: string): Domain {
  let d = domains.get(key);
  if (d === undefined) domains.set(key, (d = new Domain()));
  return d;
}

/** Class 0 is "absent", class 1 "any other value", classes 2.. the named values in sorted order. */
const ABSENT = 0;

/** The classes a key may still take: absent, other, and each named value; removals are undone from a trail. */
class Domain {
  private readonly index = new Map<string, number>();
  private names: string[] = [];
  private live = new Uint8Array(0);
  private count = 0;
  private readonly trail: number[] = [];

  public name(values: readonly string[]): void {
    for (const v of values) if (!this.index.has(v)) this.index.set(v, this.index.size + 2);
  }

  public seal(): void {
    this.names = [...this.index.keys()].sort();
    this.index.clear();
    this.names.forEach((v, i) => this.index.set(v, i + 2));
    this.live = new Uint8Array(this.names.length + 2).fill(1);
    this.count = this.live.length;
  }

  /** Whether the requirement is false for every class left ("always"), for some ("sometimes"), or none. */
  public canFalsify(r: NodeRequirement, values: ReadonlySet<string>): "always" | "sometimes" | "never" {
    const inValues = this.liveIn(values);
    const absent = this.live[ABSENT] === 1;
    let falseCount: number;
    switch (r.operator) {
      case "In":
        falseCount = this.count - inValues; // absent, other and unnamed values make In false
        break;
      case "NotIn":
        falseCount = inValues;
        break;
      case "Exists":
        falseCount = absent ? 1 : 0;
        break;
      case "DoesNotExist":
        falseCount = this.count - (absent ? 1 : 0);
        break;
    }
    return falseCount === 0 ? "never" : falseCount === this.count ? "always" : "sometimes";
  }

  /** Keeps only the classes that make `r` false; returns the trail mark to undo to. */
  public falsify(r: NodeRequirement, values: ReadonlySet<string>): number {
    const mark = this.trail.length;
    const keep = (i: number): boolean => {
      switch (r.operator) {
        case "In":
          return i < 2 || !values.has(this.names[i - 2]);
        case "NotIn":
          return i >= 2 && values.has(this.names[i - 2]);
        case "Exists":
          return i === ABSENT;
        case "DoesNotExist":
          return i !== ABSENT;
      }
    };
    if (r.operator === "In") {
      for (const v of values) this.remove(this.index.get(v) as number);
    } else if (r.operator === "DoesNotExist") {
      this.remove(ABSENT);
    } else {
      for (let i = 0; i < this.live.length; i++) if (!keep(i)) this.remove(i);
    }
    return mark;
  }

  public undo(mark: number): void {
    while (this.trail.length > mark) {
      this.live[this.trail.pop() as number] = 1;
      this.count++;
    }
  }

  /** A class left, as a label value (undefined: absent), preferring absent, then named values, then other. */
  public pick(): string | undefined {
    if (this.live[ABSENT] === 1) return undefined;
    for (let i = 2; i < this.live.length; i++) if (this.live[i] === 1) return this.names[i - 2];
    return OTHER_VALUE;
  }

  private remove(i: number): void {
    if (this.live[i] === 1) {
      this.live[i] = 0;
      this.count--;
      this.trail.push(i);
    }
  }

  private liveIn(values: ReadonlySet<string>): number {
    // A requirement naming every value of its key (a catch-all's NotIn): every live class but absent and other.
    if (values.size === this.names.length) return this.count - this.live[ABSENT] - this.live[1];
    let n = 0;
    for (const v of values) {
      const i = this.index.get(v);
      if (i !== undefined && this.live[i] === 1) n++;
    }
    return n;
  }
}
