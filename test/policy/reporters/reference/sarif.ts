// Reference copy of the reporter before issue 14's speed work (commit 4ae7bb7): the oracle the fast reporters must equal.
import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { DOCS_URL, ruleHelpUri, ruleName } from "../../../../lib/policy/rule-docs";
import { Finding, PolicyReport, Rule, Severity } from "../../../../lib/policy/types";
import { ReporterOptions, toolVersion } from "../../../../lib/policy/reporters/summary";

/** The SARIF 2.1.0 JSON schema URI. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF result level for a severity. */
export function sarifLevel(severity: Severity): Sarif.Result.level {
  return severity === "error" ? "error" : severity === "warning" ? "warning" : "note";
}

/**
 * Builds a SARIF 2.1.0 log (GitHub code scanning): one result per failing finding, `ruleId` = rule ID, each rule
 * with its title, why and fix as help text. Suppressed failures are results with a SARIF `suppressions` entry
 * carrying the reason. Rule errors become tool execution notifications (and mark the run unsuccessful);
 * suppression problems become tool configuration notifications.
 */
export function toSarif(report: PolicyReport, _options: ReporterOptions = {}): Sarif.Log {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = report.findings
    .filter((f) => f.outcome === "fail")
    .map((f) => result(f, ruleIndex));
  const ruleErrors = report.findings.filter((f) => f.outcome === "error");
  const invocation: Sarif.Invocation = {
    executionSuccessful: ruleErrors.length === 0,
    toolExecutionNotifications: ruleErrors.map((f) => ({
      level: "error",
      message: { text: `Rule ${f.ruleId} threw on ${f.source.address}: ${f.message ?? "unknown error"}` },
      associatedRule: { id: f.ruleId, index: ruleIndex.get(f.ruleId) },
      locations: [location(f)],
    })),
    toolConfigurationNotifications: report.suppressionProblems.map((p) => ({
      level: p.problem === "unused" ? "warning" : "error",
      message: {
        text: `${p.problem} suppression of ${p.suppression.ruleId} on ${p.suppression.resource}: ${p.detail}`,
      },
      descriptor: { id: `suppression-${p.problem}` },
      associatedRule: { id: p.suppression.ruleId, index: ruleIndex.get(p.suppression.ruleId) },
    })),
  };
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "wavegate",
            version: toolVersion(),
            informationUri: DOCS_URL,
            rules: report.rules.map(descriptor),
          },
        },
        invocations: [invocation],
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}

/** Renders {@link toSarif} as JSON, indented by 2, ending in a newline. */
export function renderSarif(report: PolicyReport, options: ReporterOptions = {}): string {
  return JSON.stringify(toSarif(report, options), null, 2) + "\n";
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: ruleName(rule),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.why} Fix: ${rule.fix}` },
    helpUri: ruleHelpUri(rule),
    help: {
      text: `${rule.title}\n\nWhy: ${rule.why}\n\nFix: ${rule.fix}`,
      markdown: `**${rule.title}**\n\n${rule.why}\n\n**Fix:** ${rule.fix}`,
    },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { tags: ["kubernetes", "daemonset", "rollout"] },
  };
}

function result(f: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const res: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: sarifLevel(f.severity),
    message: { text: f.message ?? `${f.ruleId} failed on ${f.source.address}` },
    locations: [location(f)],
    partialFingerprints: { "wavegateResource/v1": fingerprint(f) },
    properties: {
      ...(f.agent !== undefined ? { agent: f.agent } : {}),
      ...(f.wave !== undefined ? { wave: f.wave } : {}),
      ...(f.source.stack !== undefined ? { stack: f.source.stack } : {}),
      ...(f.source.constructPath !== undefined ? { constructPath: f.source.constructPath } : {}),
    },
  };
  if (f.suppressed !== undefined) {
    const s = f.suppressed;
    res.suppressions = [
      {
        kind: "external",
        status: "accepted",
        justification: s.reason,
        properties: { resource: s.resource, ...(s.expires !== undefined ? { expires: s.expires } : {}) },
      },
    ];
  }
  return res;
}

function location(f: Finding): Sarif.Location {
  const s = f.source;
  const line = f.line ?? s.line;
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(s.file) },
      ...(line !== undefined ? { region: { startLine: line } } : {}),
    },
    logicalLocations: [
      {
        fullyQualifiedName: s.address,
        name: f.namespace !== undefined ? `${f.namespace}/${f.name}` : f.name,
        kind: "resource",
      },
    ],
  };
}

/**
 * A file path as a SARIF URI: a relative path stays a relative reference (forward slashes, segments
 * percent-encoded), so GitHub resolves it against the repository; an absolute path becomes a `file://` URI.
 * Updated on purpose after issue 14: a lone surrogate is U+FFFD (before, `encodeURIComponent` threw a URIError).
 */
export function toUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .replace(/\\/g, "/")
    .split("/")
    .map((seg) =>
      seg === "" ? seg : encodeURIComponent((seg as string & { toWellFormed(): string }).toWellFormed()),
    )
    .join("/");
}

/** Stable across runs and line moves: the rule, the file and the resource address. */
function fingerprint(f: Finding): string {
  return createHash("sha256")
    .update(`${f.ruleId}\u0000${f.source.file}\u0000${f.source.address}`)
    .digest("hex");
}
