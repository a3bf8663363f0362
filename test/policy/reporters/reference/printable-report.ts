// Reference copy of the reporter before issue 14's speed work (commit 4ae7bb7): the oracle the fast reporters must equal.
import { printable, printableValues } from "../../../../lib/model/printable";
import { SourceRef } from "../../../../lib/inputs/types";
import { Finding, PolicyReport } from "../../../../lib/policy/types";
import { isReportable } from "../../../../lib/policy/reporters/summary";

type Identity = Pick<Finding, "source" | "name" | "namespace" | "agent" | "wave">;

/**
 * The report as people read it: every string that came from an input (names, paths, addresses, messages,
 * warnings, suppression fields) passed through `printable`, so no control character reaches a terminal or a CI
 * log (see lib/model/printable.ts). Copy-on-write: findings without such characters are the same objects, and a
 * report without any is returned as it is. With `all = false` only what the text reporter prints without
 * `--verbose` is escaped: every finding's resource fields, and the messages of failures and rule errors.
 */
export function printableReport(report: PolicyReport, all = true): PolicyReport {
  // The resource fields of a finding are the same for each of its rule's findings: escape them once per source.
  const identities = new WeakMap<SourceRef, Identity | null>();
  let findings: Finding[] | undefined;
  for (let i = 0; i < report.findings.length; i++) {
    const f = report.findings[i];
    let identity = identities.get(f.source);
    if (identity === undefined) {
      identity = printableIdentity(f);
      identities.set(f.source, identity);
    }
    const message = f.message !== undefined && (all || isReportable(f)) ? printable(f.message) : f.message;
    const suppressed = f.suppressed !== undefined ? printableValues(f.suppressed) : undefined;
    const changed = identity !== null || message !== f.message || suppressed !== f.suppressed;
    if (changed && findings === undefined) findings = report.findings.slice(0, i);
    if (findings !== undefined) {
      findings.push(changed ? { ...f, ...identity, message, suppressed } : f);
    }
  }
  const input = printableValues(report.input);
  const suppressionProblems = printableValues(report.suppressionProblems);
  if (
    findings === undefined &&
    input === report.input &&
    suppressionProblems === report.suppressionProblems
  ) {
    return report;
  }
  return { ...report, findings: findings ?? report.findings, input, suppressionProblems };
}

/** The escaped resource fields of a finding, or null when none needs escaping. */
function printableIdentity(f: Finding): Identity | null {
  const source = printableValues(f.source);
  const name = printable(f.name);
  const namespace = f.namespace !== undefined ? printable(f.namespace) : undefined;
  const agent = f.agent !== undefined ? printable(f.agent) : undefined;
  const wave = f.wave !== undefined ? printable(f.wave) : undefined;
  const same =
    source === f.source &&
    name === f.name &&
    namespace === f.namespace &&
    agent === f.agent &&
    wave === f.wave;
  return same ? null : { source, name, namespace, agent, wave };
}
