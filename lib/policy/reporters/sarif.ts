import { hash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { statedFindings } from "../finding-table";
import { DOCS_URL, ruleHelpUri, ruleName } from "../rule-docs";
import { Finding, PolicyReport, Rule, Severity } from "../types";
import { ReporterOptions, toolVersion } from "./summary";

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
  const results: Sarif.Result[] = [];
  const ruleErrors: Finding[] = [];
  for (const f of statedFindings(report).findings) {
    if (f.outcome === "fail") results.push(result(f, ruleIndex));
    else if (f.outcome === "error") ruleErrors.push(f);
  }
  return sarifLog(report, ruleIndex, results, ruleErrors);
}

/** The log around its results. */
function sarifLog(
  report: PolicyReport,
  ruleIndex: Map<string, number>,
  results: Sarif.Result[],
  ruleErrors: readonly Finding[],
): Sarif.Log {
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

/** Stands for the results in the log written by {@link renderSarif}, which writes them in its place. */
const RESULTS = "\u0000wavegate:results\u0000";
const RESULTS_JSON = JSON.stringify(RESULTS);

/**
 * Renders {@link toSarif} as JSON, indented by 2, ending in a newline: exactly `JSON.stringify(toSarif(report),
 * null, 2)`, with each result written as a string (see {@link resultJson}) rather than built as objects and
 * stringified: a report holds thousands of failures.
 */
export function renderSarif(report: PolicyReport, options: ReporterOptions = {}): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const failures: Finding[] = [];
  const ruleErrors: Finding[] = [];
  for (const f of statedFindings(report).findings) {
    if (f.outcome === "fail") failures.push(f);
    else if (f.outcome === "error") ruleErrors.push(f);
  }
  if (failures.length === 0) return JSON.stringify(toSarif(report, options), null, 2) + "\n";
  const log = JSON.stringify(
    sarifLog(report, ruleIndex, [RESULTS as unknown as Sarif.Result], ruleErrors),
    null,
    2,
  );
  // The results are the last user text of the log (only `columnKind` follows them in the one run).
  const at = log.lastIndexOf(RESULTS_JSON);
  const indent = log.slice(log.lastIndexOf("\n", at) + 1, at);
  const uris = new Map<string, string>();
  // Each result flat, in a list joined once: a string built of thousands of pieces (a rope) keeps every piece
  // alive until written, and the collector copies them all.
  const results: string[] = [];
  for (const f of failures) results.push(flat(resultJson(f, ruleIndex, indent, uris)));
  return log.slice(0, at) + results.join(",\n" + indent) + log.slice(at + RESULTS_JSON.length) + "\n";
}

/**
 * `JSON.stringify(result(f), null, 2)` at `indent`, written directly. A value of a type the finding's fields do
 * not declare (a number for a message) takes the general way, so the text is the same for any finding.
 */
function resultJson(
  f: Finding,
  ruleIndex: Map<string, number>,
  indent: string,
  uris: Map<string, string>,
): string {
  const s = f.source;
  const line = f.line ?? s.line;
  const index = ruleIndex.get(f.ruleId);
  const sup = f.suppressed;
  if (
    typeof f.ruleId !== "string" ||
    (f.message !== undefined && typeof f.message !== "string") ||
    typeof s.address !== "string" ||
    typeof s.file !== "string" ||
    typeof f.name !== "string" ||
    (line !== undefined && typeof line !== "number") ||
    !stringOrAbsent(f.agent) ||
    !stringOrAbsent(f.wave) ||
    !stringOrAbsent(s.stack) ||
    !stringOrAbsent(s.constructPath) ||
    (sup !== undefined &&
      (typeof sup.reason !== "string" || typeof sup.resource !== "string" || !stringOrAbsent(sup.expires)))
  ) {
    return JSON.stringify(result(f, ruleIndex), null, 2).replace(/\n/g, "\n" + indent);
  }
  const i1 = indent + "  ";
  const i2 = i1 + "  ";
  const i3 = i2 + "  ";
  const i4 = i3 + "  ";
  let uri = uris.get(s.file);
  if (uri === undefined) uris.set(s.file, (uri = toUri(s.file)));
  const name = f.namespace !== undefined ? `${f.namespace}/${f.name}` : f.name;
  let props = "";
  if (f.agent !== undefined) props += `,\n${i2}"agent": ${q(f.agent)}`;
  if (f.wave !== undefined) props += `,\n${i2}"wave": ${q(f.wave)}`;
  if (s.stack !== undefined) props += `,\n${i2}"stack": ${q(s.stack)}`;
  if (s.constructPath !== undefined) props += `,\n${i2}"constructPath": ${q(s.constructPath)}`;
  let out =
    `{\n${i1}"ruleId": ${q(f.ruleId)},` +
    (index !== undefined ? `\n${i1}"ruleIndex": ${JSON.stringify(index)},` : "") +
    `\n${i1}"level": "${sarifLevel(f.severity)}",` +
    `\n${i1}"message": {\n${i2}"text": ${q(f.message ?? `${f.ruleId} failed on ${s.address}`)}\n${i1}},` +
    `\n${i1}"locations": [\n${i2}{` +
    `\n${i3}"physicalLocation": {\n${i4}"artifactLocation": {\n${i4}  "uri": ${q(uri)}\n${i4}}` +
    (line !== undefined ? `,\n${i4}"region": {\n${i4}  "startLine": ${JSON.stringify(line)}\n${i4}}` : "") +
    `\n${i3}},` +
    `\n${i3}"logicalLocations": [\n${i4}{` +
    `\n${i4}  "fullyQualifiedName": ${q(s.address)},` +
    `\n${i4}  "name": ${q(name)},` +
    `\n${i4}  "kind": "resource"\n${i4}}\n${i3}]` +
    `\n${i2}}\n${i1}],` +
    `\n${i1}"partialFingerprints": {\n${i2}"wavegateResource/v1": "${fingerprint(f)}"\n${i1}},` +
    `\n${i1}"properties": ${props === "" ? "{}" : `{${props.slice(1)}\n${i1}}`}`;
  if (sup !== undefined) {
    const expires = sup.expires !== undefined ? `,\n${i4}"expires": ${q(sup.expires)}` : "";
    out +=
      `,\n${i1}"suppressions": [\n${i2}{` +
      `\n${i3}"kind": "external",\n${i3}"status": "accepted",` +
      `\n${i3}"justification": ${q(sup.reason)},` +
      `\n${i3}"properties": {\n${i4}"resource": ${q(sup.resource)}${expires}\n${i3}}` +
      `\n${i2}}\n${i1}]`;
  }
  return out + `\n${indent}}`;
}

/** Characters `JSON.stringify` escapes in a string (and surrogates, which it escapes when unpaired). */
// eslint-disable-next-line no-control-regex
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`: quoted, and escaped only when it holds a character JSON escapes. */
function q(text: string): string {
  return JSON_SPECIAL.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** `text`, flattened: V8 stores a string built by `+` as a tree of its pieces until something reads it whole. */
function flat(text: string): string {
  // Converting a string to a number reads it whole (the "flatstr" idiom).
  void Number(text);
  return text;
}

function stringOrAbsent(value: unknown): boolean {
  return value === undefined || typeof value === "string";
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
 */
export function toUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .replace(/\\/g, "/")
    .split("/")
    .map((seg) => (seg === "" ? seg : encodeURIComponent(seg.replace(LONE_SURROGATE, "\uFFFD"))))
    .join("/");
}

/**
 * A UTF-16 surrogate without its pair: `encodeURIComponent` throws a URIError on one, where `pathToFileURL` writes
 * U+FFFD (`%EF%BF%BD`); a relative path gets the same replacement, so no file name can crash the report.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Stable across runs and line moves: the rule, the file and the resource address. */
function fingerprint(f: Finding): string {
  // One-shot `hash` (Node >= 20.12): the same digest as createHash().update().digest(), without a Hash object.
  return hash("sha256", `${f.ruleId}\u0000${f.source.file}\u0000${f.source.address}`, "hex");
}
