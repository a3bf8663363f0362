import { LoadedDaemonSet, LoadResult } from "../inputs/types";
import { contractOf } from "./accessors";
import { groupAgents } from "./agents";
import { resolvePolicyOptions } from "./options";
import { ALL_RULES } from "./rules";
import { applySuppressions } from "./suppressions";
import { Finding, PolicyOptions, PolicyReport, Rule, RuleContext, RuleResult, Suppression } from "./types";

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
  const findings: Finding[] = [];
  for (const rule of active) findings.push(...runRule(rule, ctx));
  const applied = applySuppressions(findings, suppressions, now);
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
    suppressionProblems: applied.problems,
  };
}

/** One rule over every resource: its results, `not-applicable` for resources it did not judge, `error` if it threw. */
function runRule(rule: Rule, ctx: RuleContext): Finding[] {
  const severity = ctx.options.severities[rule.id];
  let results: RuleResult[];
  try {
    results = rule.check(ctx);
  } catch (err) {
    const message = `rule ${rule.id} failed to run: ${err instanceof Error ? err.message : String(err)}`;
    return ctx.all.map((ds) =>
      finding(rule, ds, { outcome: "error", message, severity: severity ?? rule.severity }),
    );
  }
  const byResource = new Map<LoadedDaemonSet, RuleResult[]>();
  for (const r of results) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r]);
  return ctx.all.flatMap((ds) => {
    const mine = byResource.get(ds);
    if (mine === undefined) {
      return [
        finding(rule, ds, {
          outcome: "not-applicable",
          message: "the rule does not apply",
          severity: severity ?? rule.severity,
        }),
      ];
    }
    return mine.map((r) =>
      finding(rule, ds, {
        outcome: r.outcome,
        message: r.message,
        severity: severity ?? r.severity ?? rule.severity,
      }),
    );
  });
}

function finding(
  rule: Rule,
  ds: LoadedDaemonSet,
  result: Pick<Finding, "outcome" | "message" | "severity">,
): Finding {
  const meta = ds.manifest.metadata ?? {};
  const contract = contractOf(ds);
  return {
    ruleId: rule.id,
    severity: result.severity,
    outcome: result.outcome,
    ...(result.message !== undefined ? { message: result.message } : {}),
    source: ds.source,
    name: typeof meta.name === "string" ? meta.name : ds.source.address,
    ...(typeof meta.namespace === "string" ? { namespace: meta.namespace } : {}),
    ...(contract?.agent !== undefined ? { agent: contract.agent } : {}),
    ...(contract?.wave !== undefined ? { wave: contract.wave } : {}),
  };
}
