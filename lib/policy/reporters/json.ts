import { InputFormat } from "../../inputs/types";
import { statedFindings } from "../finding-table";
import { FailOn } from "../gate";
import { Finding, Outcome, PolicyReport, Severity } from "../types";
import { countReport, isReportable, ReportCounts, ReporterOptions, toolVersion } from "./summary";

/**
 * The JSON report (`wavegate check --format json`). The shape is an interface: fields are only ever added.
 * `schemaVersion` changes if a field is removed or changes meaning.
 */
export interface JsonReport {
  /** Version of this shape. */
  readonly schemaVersion: 1;
  /** The tool that wrote it. */
  readonly tool: { readonly name: "wavegate"; readonly version: string };
  /** Counts: what was read and how it fared (failures suppressed are counted in `suppressed`, not `fail`). */
  readonly summary: ReportCounts;
  /** The gate verdict, when the report was gated (always, from the CLI). */
  readonly gate?: {
    /** True when the run passes. */
    readonly passed: boolean;
    /** The severity at which unsuppressed failures fail the run. */
    readonly failOn: FailOn;
    /** Why the run failed, one line each; empty when it passed. */
    readonly reasons: readonly string[];
  };
  /** What was read. */
  readonly input: {
    /** Files read. */
    readonly files: readonly string[];
    /** CDKTF stacks read. */
    readonly stacks: readonly string[];
    /** Non-fatal load notes. */
    readonly warnings: readonly string[];
  };
  /** Every rule that ran. */
  readonly rules: readonly JsonRule[];
  /** Failures (suppressed or not) and rule errors; with `verbose`, also passes and not-applicable results. */
  readonly findings: readonly JsonFinding[];
  /** Suppressions that are unused (a warning), expired or invalid (both fail the gate). */
  readonly suppressionProblems: readonly JsonSuppressionProblem[];
}

/** A rule, as listed in the JSON report. */
export interface JsonRule {
  /** Stable rule ID, e.g. `WG101`. */
  readonly id: string;
  /** Default severity (after configured overrides). */
  readonly severity: Severity;
  /** The compliant state, in one line. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix a failure. */
  readonly fix: string;
}

/** One rule x resource result, as listed in the JSON report. */
export interface JsonFinding {
  /** Rule ID. */
  readonly ruleId: string;
  /** Effective severity. */
  readonly severity: Severity;
  /** `fail`, `error`, and with `verbose` also `pass` / `not-applicable`. */
  readonly outcome: Outcome;
  /** What is wrong (fail), what the rule threw (error) or why it did not apply. */
  readonly message?: string;
  /** The offending field's Kubernetes path, when the rule named one. */
  readonly field?: string;
  /** 1-based line of `field` in `resource.file`, when the input locates fields (Kubernetes YAML). */
  readonly line?: number;
  /** How to fix this failure, when it differs from its rule's `fix`. */
  readonly fix?: string;
  /** The DaemonSet. */
  readonly resource: {
    /** Terraform address, or `DaemonSet/<ns>/<name>` for YAML. */
    readonly address: string;
    /** File it was read from. */
    readonly file: string;
    /** Input format of the file. */
    readonly format: InputFormat;
    /** 1-based line, when known. */
    readonly line?: number;
    /** CDKTF stack, when known. */
    readonly stack?: string;
    /** CDKTF construct path, when known. */
    readonly constructPath?: string;
    /** DaemonSet name. */
    readonly name: string;
    /** DaemonSet namespace, when set. */
    readonly namespace?: string;
    /** Agent, when the DaemonSet adopts the rollout contract. */
    readonly agent?: string;
    /** Wave, when the DaemonSet adopts the rollout contract. */
    readonly wave?: string;
    /** Which rollout of the agent (`stack "eu"`), when the agent has several. */
    readonly rollout?: string;
  };
  /** The suppression that accepted this failure; absent when not suppressed. */
  readonly suppressed?: { readonly resource: string; readonly reason: string; readonly expires?: string };
}

/** A suppression problem, as listed in the JSON report. */
export interface JsonSuppressionProblem {
  /** `unused`, `expired` or `invalid`. */
  readonly problem: "unused" | "expired" | "invalid";
  /** Details. */
  readonly detail: string;
  /** The suppression's rule ID. */
  readonly ruleId: string;
  /** The suppression's resource. */
  readonly resource: string;
  /** The suppression's reason. */
  readonly reason: string;
  /** The suppression's expiry, when set. */
  readonly expires?: string;
}

/** Builds the JSON report object (see {@link JsonReport}). */
export function toJsonReport(report: PolicyReport, options: ReporterOptions = {}): JsonReport {
  const gate = options.gate;
  return {
    schemaVersion: 1,
    tool: { name: "wavegate", version: toolVersion() },
    summary: countReport(report),
    ...(gate !== undefined
      ? { gate: { passed: gate.passed, failOn: gate.failOn, reasons: gate.reasons } }
      : {}),
    input: { files: report.input.files, stacks: report.input.stacks, warnings: report.input.warnings },
    rules: report.rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      title: r.title,
      why: r.why,
      fix: r.fix,
    })),
    // Without --verbose only failures and rule errors are listed: no plain pass is made.
    findings: (options.verbose ? report.findings : statedFindings(report).findings)
      .filter((f) => options.verbose || isReportable(f))
      .map(jsonFinding),
    suppressionProblems: report.suppressionProblems.map((p) => ({
      problem: p.problem,
      detail: p.detail,
      ruleId: p.suppression.ruleId,
      resource: p.suppression.resource,
      reason: p.suppression.reason,
      expires: p.suppression.expires,
    })),
  };
}

function jsonFinding(f: Finding): JsonFinding {
  const s = f.source;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    outcome: f.outcome,
    message: f.message,
    field: f.field,
    line: f.line,
    ...(f.fix !== undefined ? { fix: f.fix } : {}),
    resource: {
      address: s.address,
      file: s.file,
      format: s.format,
      line: s.line,
      stack: s.stack,
      constructPath: s.constructPath,
      name: f.name,
      namespace: f.namespace,
      agent: f.agent,
      wave: f.wave,
      rollout: f.rollout,
    },
    suppressed:
      f.suppressed !== undefined
        ? { resource: f.suppressed.resource, reason: f.suppressed.reason, expires: f.suppressed.expires }
        : undefined,
  };
}

/** Renders the JSON report (see {@link JsonReport}), indented by 2, ending in a newline. */
export function renderJson(report: PolicyReport, options: ReporterOptions = {}): string {
  return JSON.stringify(toJsonReport(report, options), null, 2) + "\n";
}
