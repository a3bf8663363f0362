import { show, ValidationError } from "./errors";

/** Node selector operators wavegate reasons about exactly (Gt / Lt are not supported). */
export type NodeOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

const OPERATORS: readonly NodeOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** One node label requirement, as in `nodeSelectorTerms[].matchExpressions[]`. */
export interface NodeRequirement {
  /** The node label key, e.g. `eks.amazonaws.com/nodegroup`. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: NodeOperator;
  /** Values for `In` / `NotIn`; empty for `Exists` / `DoesNotExist`. */
  readonly values: readonly string[];
}

/** A node selector term: every requirement must hold (AND). */
export type NodeTerm = readonly NodeRequirement[];

/** A node selector: any term may hold (OR), as in `requiredDuringSchedulingIgnoredDuringExecution`. */
export type NodeSelector = readonly NodeTerm[];

/** Labels of one node. */
export type NodeLabels = Readonly<Record<string, string>>;

/** Builds and checks a requirement; throws a ValidationError naming `field` on bad input. */
export function requirement(
  key: string,
  operator: NodeOperator,
  values: readonly string[] = [],
  field = "requirement",
): NodeRequirement {
  if (typeof key !== "string" || key.trim() === "") {
    throw new ValidationError(`${field}.key`, "the label key is empty", "Name a node label key.");
  }
  if (!OPERATORS.includes(operator)) {
    throw new ValidationError(
      `${field}.operator`,
      `${show(operator)} is not supported`,
      `Use one of ${OPERATORS.join(", ")}.`,
    );
  }
  const needsValues = operator === "In" || operator === "NotIn";
  if (needsValues && values.length === 0) {
    throw new ValidationError(
      `${field}.values`,
      `${operator} needs at least one value`,
      "List the label values.",
    );
  }
  if (!needsValues && values.length > 0) {
    throw new ValidationError(`${field}.values`, `${operator} takes no values`, "Remove the values.");
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

/** True when a node with these labels satisfies the requirement (Kubernetes semantics: NotIn matches an absent key). */
export function matchesRequirement(req: NodeRequirement, labels: NodeLabels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case "In":
      return has && req.values.includes(labels[req.key]);
    case "NotIn":
      return !has || !req.values.includes(labels[req.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
  }
}

/** True when a node with these labels is selected. An empty selector selects every node. */
export function matchesSelector(selector: NodeSelector | undefined, labels: NodeLabels): boolean {
  if (selector === undefined) return true;
  return selector.some((term) => term.every((req) => matchesRequirement(req, labels)));
}

/** A selector that matches every node. */
export const EVERY_NODE: NodeSelector = [[]];

/** AND of two selectors, distributed into OR-of-AND form. */
export function intersectSelectors(a: NodeSelector, b: NodeSelector): NodeSelector {
  const out: NodeTerm[] = [];
  for (const ta of a) for (const tb of b) out.push([...ta, ...tb]);
  return out;
}

/**
 * The complement of a selector (nodes it does not select), in OR-of-AND form.
 * NOT(OR_i AND_j r_ij) = AND_i OR_j NOT r_ij.
 */
export function complementSelector(selector: NodeSelector): NodeSelector {
  let result: NodeSelector = EVERY_NODE;
  for (const term of selector) {
    const negated: NodeTerm[] = term.map((r) => [negate(r)]);
    if (negated.length === 0) return []; // an empty term matches everything, so its complement is nothing
    result = intersectSelectors(result, negated);
  }
  return result;
}

function negate(r: NodeRequirement): NodeRequirement {
  switch (r.operator) {
    case "In":
      return { ...r, operator: "NotIn" };
    case "NotIn":
      return { ...r, operator: "In" };
    case "Exists":
      return { ...r, operator: "DoesNotExist" };
    case "DoesNotExist":
      return { ...r, operator: "Exists" };
  }
}

/** Renders a selector as `key in (a, b) and key2 notin (c) or ...`. */
export function describeSelector(selector: NodeSelector | undefined): string {
  if (selector === undefined) return "every node";
  if (selector.length === 0) return "no node";
  return selector
    .map((term) =>
      term.length === 0
        ? "every node"
        : term
            .map((r) => {
              switch (r.operator) {
                case "In":
                  return `${r.key} in (${r.values.join(", ")})`;
                case "NotIn":
                  return `${r.key} notin (${r.values.join(", ")})`;
                case "Exists":
                  return `${r.key} exists`;
                case "DoesNotExist":
                  return `!${r.key}`;
              }
            })
            .join(" and "),
    )
    .join(" or ");
}

/** Renders a node's labels for messages, e.g. `{pool=dev}` or `{no labels}`. */
export function describeNode(labels: NodeLabels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "a node without any of these labels";
  return `a node labelled {${entries.map(([k, v]) => `${k}=${v}`).join(", ")}}`;
}
