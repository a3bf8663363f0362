import { printable } from "../../../../lib/model/printable";
// Reference copy of the reporter before issue 14's speed work (commit 4ae7bb7): the oracle the fast reporters must equal.
import { Finding, PolicyReport, Rule } from "../../../../lib/policy/types";
import { printableReport } from "./printable-report";
import {
  countReport,
  inputLine,
  outcomeLine,
  ReporterOptions,
  resourceKey,
  rulesById,
} from "../../../../lib/policy/reporters/summary";

/** ANSI styles; identity functions when colours are off. */
interface Palette {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** The findings of one DaemonSet. */
interface ResourceGroup {
  readonly first: Finding;
  readonly findings: Finding[];
}

/** Heading of the group of DaemonSets that do not adopt the rollout contract. */
export const UNSTAGED_HEADING = "DaemonSets without a rollout contract";

/**
 * Renders a report for people: DaemonSets grouped by agent, then by wave, each with its failures, rule errors
 * and suppressed failures (marked, with the reason), then suppression problems, load warnings and a summary line
 * with what was read, so "nothing found" is never silent.
 */
export function renderText(input: PolicyReport, options: ReporterOptions = {}): string {
  const report = printableReport(input, options.verbose ?? false); // no control characters from inputs
  const p = palette(options.color ?? false);
  const rules = rulesById(report);
  const counts = countReport(report);
  const lines: string[] = [
    p.bold(`wavegate check: ${inputLine(counts)}`) +
      nodePoolsRead(report.input.nodePools ?? 0) +
      otherResources(counts.otherResources),
  ];

  for (const [agent, resources] of groupByAgent(report.findings)) {
    lines.push("", p.bold(agent ?? UNSTAGED_HEADING));
    for (const group of resources) lines.push(...renderResource(group, rules, p, options.verbose ?? false));
  }
  if (report.input.daemonSets === 0) {
    lines.push("", p.yellow("No DaemonSets found: nothing was checked. Check the paths and --input-format."));
  }
  if (report.suppressionProblems.length > 0) {
    lines.push("", p.bold("Suppressions"));
    for (const sp of report.suppressionProblems) {
      const mark = sp.problem === "unused" ? p.yellow("!") : p.red("✗");
      // The engine's detail names the rule and resource ("WG101 on x matched no failure; remove it").
      lines.push(`  ${mark} ${sp.problem} suppression: ${sp.detail}`);
    }
  }
  if (report.input.warnings.length > 0) {
    lines.push("", p.bold("Warnings"));
    for (const w of report.input.warnings) lines.push(`  ${p.yellow("!")} ${w}`);
  }
  lines.push("", `${p.bold("Summary:")} ${inputLine(counts)}; ${outcomeLine(counts)}`);
  const gate = options.gate;
  if (gate !== undefined) {
    const verdict = gate.passed ? p.green("passed") : p.red("FAILED");
    const why = gate.passed ? "" : `: ${gate.reasons.join(", ")}`;
    lines.push(`${p.bold("Gate:")} ${verdict} (fail on ${gate.failOn})${why}`);
  }
  return lines.join("\n") + "\n";
}

/** Node pools are resources too: say they were read (for WG111), so they are not taken for "not checked". */
function nodePoolsRead(n: number): string {
  return n > 0 ? `, ${n} node pool${n === 1 ? "" : "s"}` : "";
}

function otherResources(n: number): string {
  return n > 0 ? ` (${n} other resource${n === 1 ? "" : "s"} not checked)` : "";
}

/**
 * Groups findings by agent, or by rollout when an agent has several (undefined = no contract, listed last), then by
 * resource, in first-seen order.
 */
function groupByAgent(findings: readonly Finding[]): Map<string | undefined, ResourceGroup[]> {
  const byResource = new Map<string, ResourceGroup>();
  // Findings of one DaemonSet share its source object: the key string is built once per source, not per finding.
  const bySource = new Map<Finding["source"], ResourceGroup>();
  for (const f of findings) {
    let group = bySource.get(f.source);
    if (group === undefined) {
      const key = resourceKey(f);
      group = byResource.get(key);
      if (group === undefined) byResource.set(key, (group = { first: f, findings: [] }));
      bySource.set(f.source, group);
    }
    group.findings.push(f);
  }
  const byAgent = new Map<string | undefined, ResourceGroup[]>();
  for (const group of byResource.values()) {
    const { agent, rollout } = group.first;
    // One heading per rollout: the same agent in two regional stacks is two rollouts.
    // Fixed after issue 14: the rollout (stack / cluster names) is escaped like every other input text.
    const heading = agent !== undefined && rollout !== undefined ? `${agent} (${printable(rollout)})` : agent;
    const groups = byAgent.get(heading);
    if (groups === undefined) byAgent.set(heading, [group]);
    else groups.push(group);
  }
  // Within an agent, waves in rollout order (stable: same-index or unindexed resources keep their read order).
  const rank = (g: ResourceGroup) => g.first.waveIndex ?? Number.MAX_SAFE_INTEGER;
  for (const groups of byAgent.values()) groups.sort((a, b) => rank(a) - rank(b));
  const unstaged = byAgent.get(undefined);
  if (unstaged !== undefined) {
    byAgent.delete(undefined);
    byAgent.set(undefined, unstaged);
  }
  return byAgent;
}

function renderResource(
  group: ResourceGroup,
  rules: Map<string, Rule>,
  p: Palette,
  verbose: boolean,
): string[] {
  const f = group.first;
  const where = [f.source.address, f.source.constructPath, location(f)].filter(Boolean).join("  ");
  const wave = f.wave !== undefined ? `${f.wave}: ` : "";
  const lines = [`  ${wave}${f.namespace ? `${f.namespace}/` : ""}${f.name}  ${p.dim(where)}`];
  let pass = 0;
  let na = 0;
  for (const finding of group.findings) {
    if (finding.outcome === "pass") pass++;
    if (finding.outcome === "not-applicable") na++;
    const line = renderFinding(finding, rules.get(finding.ruleId), p, verbose);
    if (line.length > 0) lines.push(...line);
  }
  lines.push(`    ${p.green("✓")} ${pass} pass, ${na} n/a`);
  return lines;
}

function renderFinding(f: Finding, rule: Rule | undefined, p: Palette, verbose: boolean): string[] {
  const sev =
    f.severity === "error" ? p.red(f.severity) : f.severity === "warning" ? p.yellow(f.severity) : f.severity;
  if (f.outcome === "fail" && f.suppressed !== undefined) {
    const s = f.suppressed;
    const until = s.expires !== undefined ? ` (expires ${s.expires})` : "";
    return [
      `    ${p.dim("~")} ${f.ruleId} ${p.dim(`suppressed ${f.severity}`)}  ${f.message ?? ""}`,
      `        ${p.dim(`reason: ${s.reason}${until}`)}`,
    ];
  }
  if (f.outcome === "fail") {
    const out = [
      `    ${f.severity === "error" ? p.red("✗") : p.yellow("!")} ${f.ruleId} ${sev}  ${f.message ?? rule?.title ?? ""}`,
    ];
    if (f.line !== undefined)
      out.push(`        ${p.dim(`at ${f.source.file}:${f.line} (${f.field ?? ""})`)}`);
    const fix = f.fix ?? rule?.fix;
    if (fix !== undefined) out.push(`        ${p.dim(`fix: ${fix}`)}`);
    return out;
  }
  if (f.outcome === "error")
    return [`    ${p.red("✗")} ${f.ruleId} ${p.red("rule error")}  ${f.message ?? ""}`];
  if (!verbose) return [];
  if (f.outcome === "pass") return [`    ${p.green("✓")} ${f.ruleId} pass  ${rule?.title ?? ""}`];
  return [`    ${p.dim("-")} ${f.ruleId} n/a  ${p.dim(f.message ?? "")}`];
}

/** `file:line`, or the file alone. */
function location(f: Finding): string {
  return f.source.line !== undefined ? `${f.source.file}:${f.source.line}` : f.source.file;
}
