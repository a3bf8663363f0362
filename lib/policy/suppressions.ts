import { Finding, PolicyReport, Suppression } from "./types";

/** A suppression that matched nothing, has expired, or is malformed. */
export type SuppressionProblem = PolicyReport["suppressionProblems"][number];

/** Shortest reason a suppression may give. */
export const MIN_SUPPRESSION_REASON = 10;

/**
 * Why a suppression cannot be used (`invalid` or `expired`), or undefined when it can.
 * A date-only expiry (`2026-12-31`) lasts to the end of that day (UTC); a timestamp lasts to that instant.
 */
export function suppressionProblem(
  s: Suppression,
  now: Date,
): Omit<SuppressionProblem, "suppression"> | undefined {
  const invalid = (detail: string) => ({ problem: "invalid" as const, detail });
  if (typeof s?.ruleId !== "string" || s.ruleId.trim() === "") {
    return invalid("no ruleId: name the rule to suppress, e.g. WG109");
  }
  if (typeof s.resource !== "string" || s.resource.trim() === "") {
    return invalid(
      `${s.ruleId}: no resource: name a Terraform address, construct path, DaemonSet/<namespace>/<name>, or "*"`,
    );
  }
  const reason = typeof s.reason === "string" ? s.reason.trim() : "";
  if (reason.length < MIN_SUPPRESSION_REASON) {
    return invalid(
      `${s.ruleId} on ${s.resource}: the reason ${JSON.stringify(s.reason ?? "")} is shorter than ` +
        `${MIN_SUPPRESSION_REASON} characters; say why the failure is accepted`,
    );
  }
  if (s.expires !== undefined) {
    const end = expiryTime(s.expires);
    if (end === undefined) {
      return invalid(
        `${s.ruleId} on ${s.resource}: expires ${JSON.stringify(s.expires)} is not an ISO date (YYYY-MM-DD)`,
      );
    }
    if (now.getTime() > end) {
      return {
        problem: "expired",
        detail: `${s.ruleId} on ${s.resource} expired on ${s.expires}; fix the finding or renew the suppression`,
      };
    }
  }
  return undefined;
}

/**
 * True when the suppression names the finding's rule and resource. The resource may be the Terraform address, the
 * construct path (or a parent path: `stack/agent` covers every wave of the agent), `DaemonSet/<namespace>/<name>`,
 * or `*` for every resource.
 */
export function suppressionMatches(s: Suppression, finding: Finding): boolean {
  if (s.ruleId.trim().toUpperCase() !== finding.ruleId.toUpperCase()) return false;
  const want = s.resource.trim();
  if (want === "*") return true;
  const { address, constructPath } = finding.source;
  if (want === address) return true;
  if (constructPath !== undefined && (constructPath === want || constructPath.startsWith(`${want}/`)))
    return true;
  return want === `DaemonSet/${finding.namespace ?? "default"}/${finding.name}`;
}

/**
 * Applies suppressions to failed findings (they keep outcome `fail` and gain `suppressed`) and reports every
 * suppression that is invalid, expired, or matched no failure.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): { findings: Finding[]; problems: SuppressionProblem[] } {
  const problems: SuppressionProblem[] = [];
  const usable: Suppression[] = [];
  for (const suppression of suppressions) {
    const problem = suppressionProblem(suppression, now);
    if (problem !== undefined) problems.push({ suppression, ...problem });
    else usable.push(suppression);
  }
  if (usable.length === 0) return { findings: findings.slice(), problems };
  const used = new Set<Suppression>();
  const index = new SuppressionIndex(usable);
  const out = findings.map((f) => {
    if (f.outcome !== "fail") return f;
    const by = index.first(f);
    if (by === undefined) return f;
    used.add(by);
    return { ...f, suppressed: by };
  });
  for (const suppression of usable) {
    if (!used.has(suppression)) {
      problems.push({
        suppression,
        problem: "unused",
        detail: `${suppression.ruleId} on ${suppression.resource} matched no failure; remove it`,
      });
    }
  }
  return { findings: out, problems };
}

/**
 * The usable suppressions by rule and resource, so that a failure finds its suppression by a few lookups: searching
 * the list for each failure made 6,666 per-resource suppressions on a 10,000-DaemonSet check take 8 s.
 * {@link SuppressionIndex.first} is `suppressions.find((s) => suppressionMatches(s, finding))`: the first in list
 * order among those that match.
 */
class SuppressionIndex {
  /** By rule (trimmed, upper case): the first position of each resource (trimmed), and of `*`. */
  private readonly byRule = new Map<string, { star?: number; exact: Map<string, number> }>();

  constructor(private readonly suppressions: readonly Suppression[]) {
    suppressions.forEach((s, i) => {
      const rule = s.ruleId.trim().toUpperCase();
      let entry = this.byRule.get(rule);
      if (entry === undefined) this.byRule.set(rule, (entry = { exact: new Map() }));
      const want = s.resource.trim();
      if (want === "*") entry.star ??= i;
      else if (!entry.exact.has(want)) entry.exact.set(want, i);
    });
  }

  first(finding: Finding): Suppression | undefined {
    const entry = this.byRule.get(finding.ruleId.toUpperCase());
    if (entry === undefined) return undefined;
    let best = entry.star ?? Infinity;
    const at = (want: string) => {
      const i = entry.exact.get(want);
      if (i !== undefined && i < best) best = i;
    };
    const { address, constructPath } = finding.source;
    at(address);
    if (constructPath !== undefined) {
      // The path itself, and each parent path (`a/b` covers `a/b/c`: suppressionMatches' startsWith(`${want}/`)).
      at(constructPath);
      for (let k = constructPath.indexOf("/"); k !== -1; k = constructPath.indexOf("/", k + 1)) {
        at(constructPath.slice(0, k));
      }
    }
    at(`DaemonSet/${finding.namespace ?? "default"}/${finding.name}`);
    return best === Infinity ? undefined : this.suppressions[best];
  }
}

function expiryTime(expires: string): number | undefined {
  if (typeof expires !== "string") return undefined;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires.trim());
  if (dateOnly) {
    const start = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    const check = new Date(start);
    // 2026-02-31 or 2026-13-01 would roll over into another date: refuse instead.
    if (check.getUTCDate() !== Number(dateOnly[3]) || check.getUTCMonth() + 1 !== Number(dateOnly[2])) {
      return undefined;
    }
    return start + 24 * 60 * 60 * 1000 - 1;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(expires.trim())) return undefined;
  const t = Date.parse(expires);
  return Number.isNaN(t) ? undefined : t;
}
