import { LoadedDaemonSet, LoadResult } from "../inputs/types";
import { contractOf } from "./accessors";
import { groupAgents } from "./agents";
import { locateLines } from "./locate-lines";
import { resolvePolicyOptions, SEVERITIES } from "./options";
import { ReleaseFacts } from "./release-facts";
import { checkRuleResults, describeThrown } from "./rule-results";
import { ALL_RULES } from "./rules";
import { applySuppressions } from "./suppressions";
import { FindingBase, FindingColumn, FindingTable, makeFinding, reportWithTable } from "./finding-table";
import {
  Finding,
  PolicyOptions,
  PolicyReport,
  Rule,
  RuleContext,
  RuleResult,
  Severity,
  Suppression,
} from "./types";

/** The check functions of the catalogue's rules, trusted to return well-formed results (a replaced check is not). */
const BUILT_IN_CHECKS: ReadonlySet<Rule["check"]> = new Set(ALL_RULES.map((r) => r.check));

/** What the engine needs from a load. */
export type PolicyInput = Pick<
  LoadResult,
  "daemonSets" | "files" | "stacks" | "otherResources" | "warnings"
> &
  Pick<LoadResult, "nodePools"> & {
    /** Ledger, plan changes and baseline for the release rules (WG301–WG304). */
    readonly release?: ReleaseFacts;
  };

/**
 * Runs every rule of the catalogue (`ALL_RULES`, minus `options.disabledRules`) over the loaded DaemonSets.
 *
 * Every rule x resource pair gets one finding: pass, fail, not-applicable, or error when the rule threw (an error is
 * never a pass). Severity overrides come from `options.severities`; suppressions accept failures by rule and
 * resource, and every unused, expired or invalid suppression is reported.
 * @param now the time suppression expiry is judged against
 * @default now = new Date()
 * @throws ValidationError for invalid options (naming the field)
 */
export function runPolicy(
  load: PolicyInput,
  options: PolicyOptions = {},
  suppressions: readonly Suppression[] = [],
  now: Date = new Date(),
): PolicyReport {
  return runRules(ALL_RULES, load, options, suppressions, now);
}

/** `runPolicy` with an explicit rule list (for tests and custom catalogues). */
export function runRules(
  rules: readonly Rule[],
  load: PolicyInput,
  options: PolicyOptions = {},
  suppressions: readonly Suppression[] = [],
  now: Date = new Date(),
): PolicyReport {
  const resolved = resolvePolicyOptions(
    options,
    rules.map((r) => r.id),
  );
  const active = rules.filter((r) => !resolved.disabledRules.includes(r.id));
  const ctx: RuleContext = {
    all: load.daemonSets,
    agents: groupAgents(load.daemonSets),
    options: resolved,
    pools: load.nodePools ?? [],
  };
  if (load.release !== undefined) Object.assign(ctx, { release: load.release });
  const scopes = rolloutScopes(ctx);
  const bases = load.daemonSets.map((ds) => findingBase(ds, scopes));
  // The loaded set checks custom rules' results only: built on first need, not for the catalogue's own rules.
  let loaded: ReadonlySet<LoadedDaemonSet> | undefined;
  const loadedSet = () => (loaded ??= new Set(load.daemonSets));
  const table = new FindingTable(
    bases,
    active.map((rule) => runRule(rule, ctx, bases, loadedSet)),
  );
  // Only stated findings (failures, errors, not-applicables) can have a line or a suppression: plain passes are
  // left as they are.
  const stated = table.statedFindings();
  locateLines(stated);
  const applied = applySuppressions(stated, suppressions, now);
  if (applied.findings.some((f, i) => f !== stated[i])) table.replaceStated(applied.findings);
  const ran = new Set(active.map((r) => r.id.toUpperCase()));
  const problems = applied.problems.map((p) =>
    p.problem === "unused" && !ran.has(p.suppression.ruleId.trim().toUpperCase())
      ? {
          ...p,
          detail: `${p.suppression.ruleId} is not a rule that ran (unknown or disabled); remove the suppression`,
        }
      : p,
  );
  return reportWithTable(table, {
    rules: active,
    input: {
      files: load.files,
      stacks: load.stacks,
      otherResources: load.otherResources,
      warnings: load.warnings,
      daemonSets: load.daemonSets.length,
      ...nodePoolCount(load),
    },
    suppressionProblems: problems,
  });
}

/** `{ nodePools: n }` when node pools were read (Karpenter EC2NodeClasses are not pools), else nothing. */
function nodePoolCount(load: PolicyInput): { nodePools?: number } {
  const n = (load.nodePools ?? []).filter((p) => p.role !== "node-class").length;
  return n > 0 ? { nodePools: n } : {};
}

/** Each DaemonSet's rollout scope, for agents split into several rollouts (regional stacks); usually empty. */
function rolloutScopes(ctx: RuleContext): ReadonlyMap<LoadedDaemonSet, string> {
  const scopes = new Map<LoadedDaemonSet, string>();
  for (const g of ctx.agents) {
    if (g.scope === undefined) continue;
    for (const ds of g.daemonSets) if (!scopes.has(ds)) scopes.set(ds, g.scope);
  }
  return scopes;
}

/**
 * One rule over every resource, as a column of findings: its results, `not-applicable` for resources it did not
 * judge, `error` if it threw. `bases[i]` is the finding base of `ctx.all[i]`.
 */
function runRule(
  rule: Rule,
  ctx: RuleContext,
  bases: readonly FindingBase[],
  loaded: () => ReadonlySet<LoadedDaemonSet>,
): FindingColumn {
  const all = ctx.all;
  const severity = ctx.options.severities[rule.id];
  const ruleSeverity: Severity = SEVERITIES.includes(rule.severity) ? rule.severity : "error";
  const passSeverity = severity ?? ruleSeverity;
  const listed = (list: Finding[]): FindingColumn => ({
    ruleId: rule.id,
    passSeverity,
    cells: undefined,
    list,
  });
  /** The finding of one of the rule's results on the DaemonSet of `base`. */
  const ofResult = (r: RuleResult, base: FindingBase): Finding =>
    makeFinding(rule.id, base, r.outcome, severity ?? r.severity ?? ruleSeverity, r.message, r.field, r.fix);
  const failed = (problem: string) => {
    const message = `rule ${rule.id} failed to run: ${problem}`;
    return listed(bases.map((base) => makeFinding(rule.id, base, "error", passSeverity, message)));
  };
  if (ruleSeverity !== rule.severity) {
    return failed(`its severity ${describeThrown(rule.severity)} is not one of ${SEVERITIES.join(", ")}`);
  }
  let returned: unknown;
  try {
    returned = rule.check(ctx);
  } catch (err) {
    return failed(describeThrown(err));
  }
  let results: RuleResult[];
  if (BUILT_IN_CHECKS.has(rule.check) && Array.isArray(returned)) {
    // The catalogue's own checks build their results with `judge` (one per loaded resource, well formed): read as
    // returned, where a custom rule's results are first checked and copied (~60 ms at 10,000 DaemonSets).
    results = returned as RuleResult[];
  } else {
    const checked = checkRuleResults(returned, loaded());
    if (!checked.ok) return failed(checked.problem);
    results = checked.results;
  }
  // Fast path: one result per resource, in order (what `judge` returns): one cell each, a plain pass no object.
  if (inOrder(results, all)) {
    const cells = new Array<Finding | undefined>(results.length);
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      cells[i] =
        r.outcome === "pass" &&
        r.message === undefined &&
        r.severity === undefined &&
        r.field === undefined &&
        r.fix === undefined
          ? undefined
          : ofResult(r, bases[i]);
    }
    return { ruleId: rule.id, passSeverity, cells, list: undefined };
  }
  const out: Finding[] = [];
  const byResource = new Map<LoadedDaemonSet, RuleResult[]>();
  for (const r of results) {
    const mine = byResource.get(r.resource);
    if (mine === undefined) byResource.set(r.resource, [r]);
    else mine.push(r);
  }
  for (let i = 0; i < all.length; i++) {
    const mine = byResource.get(all[i]);
    if (mine === undefined) {
      out.push(makeFinding(rule.id, bases[i], "not-applicable", passSeverity, "the rule does not apply"));
    } else {
      for (const r of mine) {
        out.push(ofResult(r, bases[i]));
      }
    }
  }
  return listed(out);
}

/** True when there is exactly one result per resource, in the resources' order. */
function inOrder(results: readonly RuleResult[], all: readonly LoadedDaemonSet[]): boolean {
  if (results.length !== all.length) return false;
  for (let i = 0; i < results.length; i++) if (results[i].resource !== all[i]) return false;
  return true;
}

function findingBase(ds: LoadedDaemonSet, scopes: ReadonlyMap<LoadedDaemonSet, string>): FindingBase {
  const meta = ds.manifest.metadata ?? {};
  const contract = contractOf(ds);
  const base: { -readonly [K in keyof FindingBase]: FindingBase[K] } = {
    source: ds.source,
    name: typeof meta.name === "string" ? meta.name : ds.source.address,
  };
  if (typeof meta.namespace === "string") base.namespace = meta.namespace;
  if (typeof contract?.agent === "string") base.agent = contract.agent;
  if (typeof contract?.wave === "string") base.wave = contract.wave;
  if (typeof contract?.index === "number") base.waveIndex = contract.index;
  const rollout = scopes.get(ds);
  if (rollout !== undefined) base.rollout = rollout;
  return base;
}
