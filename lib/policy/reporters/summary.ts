import { statedFindings } from "../finding-table";
import { GateResult, plural } from "../gate";
import { Finding, PolicyReport, Rule, Severity } from "../types";
import { Tally } from "./tally";

/** What every reporter may be told besides the report. */
export interface ReporterOptions {
  /**
   * The gate's verdict, printed with the summary (text) or stored beside it (json, junit properties).
   * @default none: the report is rendered without a verdict
   */
  readonly gate?: GateResult;
  /**
   * ANSI colours (text reporter only). The CLI turns them on for a TTY.
   * @default false
   */
  readonly color?: boolean;
  /**
   * Also list passes and not-applicable results (text and json; sarif and junit always list what they list).
   * @default false
   */
  readonly verbose?: boolean;
}

/** Counts of a report, the numbers every reporter prints. */
export interface ReportCounts {
  /** Files read. */
  readonly files: number;
  /** CDKTF stacks read. */
  readonly stacks: number;
  /** DaemonSets read. */
  readonly daemonSets: number;
  /** Resources of other types seen (not checked). */
  readonly otherResources: number;
  /** Rule x resource results that passed. */
  readonly pass: number;
  /** Unsuppressed failures. */
  readonly fail: number;
  /** Unsuppressed failures by severity (whether they fail the gate depends on its fail-on level). */
  readonly failBySeverity: Readonly<Record<Severity, number>>;
  /** Results where the rule did not apply (or a value was unknown). */
  readonly notApplicable: number;
  /** Rules that threw. */
  readonly error: number;
  /** Failures accepted by a suppression (counted, never hidden). */
  readonly suppressed: number;
  /** Suppressions that are unused, expired or invalid. */
  readonly suppressionProblems: number;
}

/** Counts a report's results. A suppressed failure counts as `suppressed`, not `fail`. */
export function countReport(report: PolicyReport): ReportCounts {
  const tally = new Tally();
  const { findings, plainPasses } = statedFindings(report);
  for (const f of findings) tally.add(f);
  tally.addPassing(plainPasses, 0);
  return tally.counts(report);
}

/** `1 file, 1 stack, 3 DaemonSets read`: what was read, so "nothing found" is never silent. */
export function inputLine(c: ReportCounts): string {
  return `${plural(c.files, "file")}, ${plural(c.stacks, "stack")}, ${plural(c.daemonSets, "DaemonSet")} read`;
}

/** `38 pass, 3 fail (1 error, 2 warning), 6 n/a, 0 error, 1 suppressed`. */
export function outcomeLine(c: ReportCounts): string {
  const bySeverity = (["error", "warning", "info"] as const)
    .filter((s) => c.failBySeverity[s] > 0)
    .map((s) => `${c.failBySeverity[s]} ${s}`)
    .join(", ");
  const fail = c.fail > 0 ? `${c.fail} fail (${bySeverity})` : "0 fail";
  return `${c.pass} pass, ${fail}, ${c.notApplicable} n/a, ${c.error} error, ${c.suppressed} suppressed`;
}

/** The one-line summary: what was read and how it fared, plus the gate verdict when known. */
export function summaryLine(report: PolicyReport, gate?: GateResult): string {
  const c = countReport(report);
  const verdict =
    gate === undefined ? "" : `; gate ${gate.passed ? "passed" : "FAILED"} (fail on ${gate.failOn})`;
  return `${inputLine(c)}: ${outcomeLine(c)}${verdict}`;
}

/** Results a reader must see: failures (suppressed or not) and rule errors. */
export function isReportable(f: Finding): boolean {
  return f.outcome === "fail" || f.outcome === "error";
}

/** The rules of a report by ID. */
export function rulesById(report: PolicyReport): Map<string, Rule> {
  return new Map(report.rules.map((r) => [r.id, r]));
}

/** A stable key for the resource of a finding (file + address). */
export function resourceKey(f: Finding): string {
  return `${f.source.file}\u0000${f.source.address}`;
}

/** The wavegate package version, for tool metadata. */
export function toolVersion(): string {
  // The same relative path from lib/policy/reporters and dist/policy/reporters.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../../package.json") as { version: string }).version;
}
