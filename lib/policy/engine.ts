import { LoadedDaemonSet, LoadResult } from "../inputs/types";
import { contractOf } from "./accessors";
import { groupAgents } from "./agents";
import { resolvePolicyOptions } from "./options";
import { ALL_RULES } from "./rules";
import { applySuppressions } from "./suppressions";
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

/** What the engine needs from a load. */
export type PolicyInput = Pick<LoadResult, "daemonSets" | "files" | "stacks" | "otherResources" | "warnings">;

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
  const ctx: RuleContext = { all: load.daemonSets, agents: groupAgents(load.daemonSets), options: resolved };
  const bases = new Map(load.daemonSets.map((ds) => [ds, findingBase(ds)]));
  const findings: Finding[] = [];
  for (const rule of active) for (const f of runRule(rule, ctx, bases)) findings.push(f);
  const applied = applySuppressions(findings, suppressions, now);
  const ran = new Set(active.map((r) => r.id.toUpperCase()));
  const problems = applied.problems.map((p) =>
    p.problem === "unused" && !ran.has(p.suppression.ruleId.trim().toUpperCase())
      ? {
          ...p,
          detail: `${p.suppression.ruleId} is not a rule that ran (unknown or disabled); remove the suppression`,
        }
      : p,
  );
  return {
    findings: applied.findings,
    rules: active,
    input: {
      files: load.files,
      stacks: load.stacks,
      otherResources: load.otherResources,
      warnings: load.warnings,
      daemonSets: load.daemonSets.length,
    },
    suppressionProblems: problems,
  };
}

/** The parts of a finding that depend on the resource only, computed once per DaemonSet. */
type FindingBase = Pick<Finding, "source" | "name" | "namespace" | "agent" | "wave" | "waveIndex">;

/** One rule over every resource: its results, `not-applicable` for resources it did not judge, `error` if it threw. */
function runRule(rule: Rule, ctx: RuleContext, bases: Map<LoadedDaemonSet, FindingBase>): Finding[] {
  const override = ctx.options.severities[rule.id];
  const make = (ds: LoadedDaemonSet, outcome: Finding["outcome"], severity: Severity, message?: string) =>
    finding(rule.id, bases.get(ds) ?? findingBase(ds), outcome, override ?? severity, message);
  let results: RuleResult[];
  try {
    results = rule.check(ctx);
  } catch (err) {
    const message = `rule ${rule.id} failed to run: ${err instanceof Error ? err.message : String(err)}`;
    return ctx.all.map((ds) => make(ds, "error", rule.severity, message));
  }
  const all = ctx.all;
  const out: Finding[] = [];
  // Fast path: one result per resource, in order (what `judge` returns).
  if (results.length === all.length && results.every((r, i) => r.resource === all[i])) {
    for (const r of results) out.push(make(r.resource, r.outcome, r.severity ?? rule.severity, r.message));
    return out;
  }
  const byResource = new Map<LoadedDaemonSet, RuleResult[]>();
  for (const r of results) {
    const mine = byResource.get(r.resource);
    if (mine === undefined) byResource.set(r.resource, [r]);
    else mine.push(r);
  }
  for (const ds of all) {
    const mine = byResource.get(ds);
    if (mine === undefined) out.push(make(ds, "not-applicable", rule.severity, "the rule does not apply"));
    else for (const r of mine) out.push(make(ds, r.outcome, r.severity ?? rule.severity, r.message));
  }
  return out;
}

function findingBase(ds: LoadedDaemonSet): FindingBase {
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
  return base;
}

function finding(
  ruleId: string,
  base: FindingBase,
  outcome: Finding["outcome"],
  severity: Severity,
  message: string | undefined,
): Finding {
  // One object shape for all findings (optional fields present, possibly undefined): 140,000 findings for 10,000
  // DaemonSets, so allocation and the reporters' property reads stay monomorphic.
  return {
    ruleId,
    severity,
    outcome,
    message,
    source: base.source,
    name: base.name,
    namespace: base.namespace,
    agent: base.agent,
    wave: base.wave,
    waveIndex: base.waveIndex,
    suppressed: undefined,
  };
}
