import { SourceRef } from "../../inputs/types";
import { printable } from "../../model/printable";
import { columnsOf, FindingBase, perBase, tableOf } from "../finding-table";
import { Finding, PolicyReport, Rule } from "../types";
import { PerSource } from "./per-source";
import { printableValuesCheaply } from "./printable-cheap";
import { Tally } from "./tally";
import { inputLine, outcomeLine, ReporterOptions, rulesById } from "./summary";

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

/** The findings of one DaemonSet (one file + address): counted, and the printed ones rendered, as they come. */
interface ResourceGroup {
  /** Its first finding (or its DaemonSet's finding base: the same resource fields). */
  readonly first: FindingBase;
  /** Its first finding's source, with control characters escaped. */
  readonly source: SourceRef;
  /** The lines of its printed findings, each after a newline. */
  lines: string;
  pass: number;
  na: number;
}

/** Heading of the group of DaemonSets that do not adopt the rollout contract. */
export const UNSTAGED_HEADING = "DaemonSets without a rollout contract";

/**
 * Renders a report for people: DaemonSets grouped by agent, then by wave, each with its failures, rule errors
 * and suppressed failures (marked, with the reason), then suppression problems, load warnings and a summary line
 * with what was read, so "nothing found" is never silent.
 */
export function renderText(report: PolicyReport, options: ReporterOptions = {}): string {
  const p = palette(options.color ?? false);
  // One pass over the findings groups, renders and counts them.
  const tally = new Tally();
  const byAgent = groupByAgent(report, p, options.verbose ?? false, tally);
  const counts = tally.counts(report);
  // No control characters from inputs (lib/model/printable.ts): what is printed of a finding is escaped as it is
  // printed; the input's warnings and the suppression problems here.
  const input = printableValuesCheaply(report.input);
  const suppressionProblems = printableValuesCheaply(report.suppressionProblems);
  const lines: string[] = [
    p.bold(`wavegate check: ${inputLine(counts)}`) +
      nodePoolsRead(input.nodePools ?? 0) +
      otherResources(counts.otherResources),
  ];

  for (const [agent, resources] of byAgent) {
    lines.push("", p.bold(agent ?? UNSTAGED_HEADING));
    for (const group of resources) lines.push(renderResource(group, p));
  }
  if (input.daemonSets === 0) {
    lines.push("", p.yellow("No DaemonSets found: nothing was checked. Check the paths and --input-format."));
  }
  if (suppressionProblems.length > 0) {
    lines.push("", p.bold("Suppressions"));
    for (const sp of suppressionProblems) {
      const mark = sp.problem === "unused" ? p.yellow("!") : p.red("✗");
      // The engine's detail names the rule and resource ("WG101 on x matched no failure; remove it").
      lines.push(`  ${mark} ${sp.problem} suppression: ${sp.detail}`);
    }
  }
  if (input.warnings.length > 0) {
    lines.push("", p.bold("Warnings"));
    for (const w of input.warnings) lines.push(`  ${p.yellow("!")} ${w}`);
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
 * resource (file + address, escaped), in first-seen order; counts every finding into `tally`, and renders each printed
 * one into its resource's lines. One pass over the findings: a report holds one per rule x DaemonSet.
 */
function groupByAgent(
  report: PolicyReport,
  p: Palette,
  verbose: boolean,
  tally: Tally,
): Map<string | undefined, ResourceGroup[]> {
  const rules = rulesById(report);
  const byResource = new Map<string, Map<string, ResourceGroup>>();
  const groups: ResourceGroup[] = []; // in first-seen order
  // Findings of one DaemonSet share its source object: escaped and keyed once per source, not per finding.
  const bySource = new PerSource<ResourceGroup>((f) => {
    const source = printableValuesCheaply(f.source);
    // By file, then address (escaped: neither holds a NUL, so this is the file + NUL + address of resourceKey).
    let inFile = byResource.get(source.file);
    if (inFile === undefined) byResource.set(source.file, (inFile = new Map()));
    let group = inFile.get(source.address);
    if (group === undefined) {
      inFile.set(source.address, (group = { first: f, source, lines: "", pass: 0, na: 0 }));
      groups.push(group);
    }
    return group;
  });
  // The hot loop (every finding) only groups and counts; the printed findings are rendered after it, so the loop's
  // compiled code stays small and never meets a branch it has not seen (each deoptimization recompiles it).
  const printed: Finding[] = [];
  const printedIn: ResourceGroup[] = [];
  let pass = 0;
  let na = 0;
  const visit = (f: Finding, group: ResourceGroup) => {
    const outcome = f.outcome;
    if (outcome === "pass") {
      group.pass++;
      pass++;
      if (!verbose) return;
    } else if (outcome === "not-applicable") {
      group.na++;
      na++;
      if (!verbose) return;
    } else {
      tally.add(f);
      if (outcome !== "fail" && outcome !== "error" && !verbose) return;
    }
    printed.push(f);
    printedIn.push(group);
  };
  const table = tableOf(report);
  const columns = columnsOf(report);
  const groupAt = perBase(report, (b) => bySource.get(b));
  for (const column of columns) {
    const cells = column.cells;
    if (cells === undefined) {
      for (const f of column.list ?? []) visit(f, bySource.get(f));
      continue;
    }
    for (let i = 0; i < cells.length; i++) {
      const f = cells[i];
      if (f !== undefined) visit(f, groupAt[i]);
      else if (verbose && table !== undefined) visit(table.passAt(column, i), groupAt[i]);
      else {
        groupAt[i].pass++;
        pass++;
      }
    }
  }
  tally.addPassing(pass, na);
  let ruleId: string | undefined;
  let rule: Rule | undefined;
  for (let i = 0; i < printed.length; i++) {
    const f = printed[i];
    // Findings come rule by rule: the rule of the last printed finding is most often this one's.
    if (f.ruleId !== ruleId || rule === undefined) {
      ruleId = f.ruleId;
      rule = rules.get(ruleId);
    }
    // The group's escaped file is this finding's: the group is keyed by it.
    const group = printedIn[i];
    group.lines += renderFinding(f, group.source, rule, p);
  }
  const byAgent = new Map<string | undefined, ResourceGroup[]>();
  for (const group of groups) {
    const { agent, rollout } = group.first;
    const shown = agent !== undefined ? printable(agent) : undefined;
    // One heading per rollout: the same agent in two regional stacks is two rollouts.
    const heading = shown !== undefined && rollout !== undefined ? `${shown} (${printable(rollout)})` : shown;
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

/** A resource's heading, its printed findings and its pass / n/a count, as lines joined by newlines. */
function renderResource(group: ResourceGroup, p: Palette): string {
  const f = group.first;
  const s = group.source;
  // The address, construct path and location that are set, two spaces apart.
  let where = s.address || "";
  if (s.constructPath) where = where === "" ? s.constructPath : `${where}  ${s.constructPath}`;
  const at = location(s);
  if (at) where = where === "" ? at : `${where}  ${at}`;
  const wave = f.wave !== undefined ? `${printable(f.wave)}: ` : "";
  const namespace = f.namespace !== undefined ? printable(f.namespace) : undefined;
  return (
    `  ${wave}${namespace ? `${namespace}/` : ""}${printable(f.name)}  ${p.dim(where)}` +
    group.lines +
    `\n    ${p.green("✓")} ${group.pass} pass, ${group.na} n/a`
  );
}

/**
 * The lines of one printed finding, each after a newline (`source`: its source, escaped). Messages and suppression
 * fields are escaped here, as they are printed; pass and not-applicable results are printed only with `--verbose`.
 */
function renderFinding(f: Finding, source: SourceRef, rule: Rule | undefined, p: Palette): string {
  const sev =
    f.severity === "error" ? p.red(f.severity) : f.severity === "warning" ? p.yellow(f.severity) : f.severity;
  const message = f.message !== undefined ? printable(f.message) : undefined;
  if (f.outcome === "fail" && f.suppressed !== undefined) {
    const s = printableValuesCheaply(f.suppressed);
    const until = s.expires !== undefined ? ` (expires ${s.expires})` : "";
    return (
      `\n    ${p.dim("~")} ${f.ruleId} ${p.dim(`suppressed ${f.severity}`)}  ${message ?? ""}` +
      `\n        ${p.dim(`reason: ${s.reason}${until}`)}`
    );
  }
  if (f.outcome === "fail") {
    let out = `\n    ${f.severity === "error" ? p.red("✗") : p.yellow("!")} ${f.ruleId} ${sev}  ${message ?? rule?.title ?? ""}`;
    if (f.line !== undefined) out += `\n        ${p.dim(`at ${source.file}:${f.line} (${f.field ?? ""})`)}`;
    const fix = f.fix ?? rule?.fix;
    if (fix !== undefined) out += `\n        ${p.dim(`fix: ${fix}`)}`;
    return out;
  }
  if (f.outcome === "error")
    return `\n    ${p.red("✗")} ${f.ruleId} ${p.red("rule error")}  ${message ?? ""}`;
  if (f.outcome === "pass") return `\n    ${p.green("✓")} ${f.ruleId} pass  ${rule?.title ?? ""}`;
  return `\n    ${p.dim("-")} ${f.ruleId} n/a  ${p.dim(message ?? "")}`;
}

/** `file:line`, or the file alone. */
function location(s: SourceRef): string {
  return s.line !== undefined ? `${s.file}:${s.line}` : s.file;
}
