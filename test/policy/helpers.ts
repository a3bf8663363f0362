import { readFileSync } from "node:fs";
import * as path from "node:path";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { LoadResult } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";
import { Finding, PolicyOptions, PolicyReport, Suppression } from "../../lib/policy/types";

/** Parsed Terraform JSON in tests: deliberately loose, so tests can reach into any block and break it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tf = any;

/** The directory of the policy fixtures. */
export const FIXTURES = path.join(__dirname, "fixtures");

/** A fixture's parsed JSON (a fresh copy, free to mutate). */
export function fixtureJson(name: string): Tf {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));
}

/** Terraform JSON loaded the way `loadInputs` would. */
export function loadJson(json: unknown, file = "test.tf.json"): LoadResult {
  const r = daemonSetsFromTerraformJson(json, { file, format: "tf-json" });
  return {
    daemonSets: r.daemonSets,
    files: [file],
    stacks: r.stacks ?? [],
    otherResources: r.otherResources,
    warnings: r.warnings,
  };
}

/** Runs the whole policy over Terraform JSON. */
export function checkJson(
  json: unknown,
  options?: PolicyOptions,
  suppressions?: Suppression[],
  now?: Date,
): PolicyReport {
  return runPolicy(loadJson(json), options, suppressions, now);
}

/** Runs the whole policy over a fixture file. */
export function checkFixture(name: string, options?: PolicyOptions): PolicyReport {
  return checkJson(fixtureJson(name), options);
}

/** The findings of one rule. */
export function findingsOf(report: PolicyReport, ruleId: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** `name: outcome` for every finding of one rule, e.g. `{ "node-agent-canary": "pass" }`. */
export function outcomesOf(report: PolicyReport, ruleId: string): Record<string, string> {
  return Object.fromEntries(findingsOf(report, ruleId).map((f) => [f.name, f.outcome]));
}

/** Rule IDs with at least one unsuppressed failure, sorted. */
export function failingRules(report: PolicyReport): string[] {
  return [
    ...new Set(report.findings.filter((f) => f.outcome === "fail" && !f.suppressed).map((f) => f.ruleId)),
  ].sort();
}

/** The first DaemonSet resource body of Terraform JSON (to mutate in a test). */
export function firstDaemonSet(json: Tf): Tf {
  return Object.values(json.resource.kubernetes_daemon_set_v1)[0] as Tf;
}

/** Every DaemonSet resource body of Terraform JSON, in file order. */
export function daemonSets(json: Tf): Tf[] {
  return Object.values(json.resource.kubernetes_daemon_set_v1) as Tf[];
}
