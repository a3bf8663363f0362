import { Finding, PolicyReport, Rule } from "../../../lib/policy/types";

/** Hand-built rules and a report for the reporter tests (independent of the real rule catalogue). */
export const RULES: Rule[] = [
  {
    id: "WG101",
    severity: "error",
    title: "Every DaemonSet is part of a staged rollout",
    why: "A single DaemonSet updates every node of the cluster at once.",
    fix: "Use StagedDaemonSet or adopt the rollout contract.",
    check: () => [],
  },
  {
    id: "WG109",
    severity: "warning",
    title: "Images are pinned by digest",
    why: "A mutable tag can change under a running rollout.",
    fix: "Pin the image as tag@sha256:<digest>.",
    check: () => [],
  },
];

const canary = {
  file: "cdktf.out/stacks/app/cdk.tf.json",
  format: "cdktf-out" as const,
  stack: "app",
  address: "kubernetes_daemon_set_v1.agent_canary_1A2B",
  constructPath: "app/agent/canary",
};
const legacy = {
  file: "legacy & old.tf.json",
  format: "tf-json" as const,
  address: "kubernetes_daemonset.legacy",
  line: 7,
};

export const F = {
  canaryPass: {
    ruleId: "WG101",
    severity: "error",
    outcome: "pass",
    source: canary,
    name: "agent-canary",
    namespace: "kube-system",
    agent: "agent",
    wave: "canary",
  },
  canarySuppressed: {
    ruleId: "WG109",
    severity: "warning",
    outcome: "fail",
    message: 'image "agent:v1" has no digest',
    source: canary,
    name: "agent-canary",
    namespace: "kube-system",
    agent: "agent",
    wave: "canary",
    suppressed: {
      ruleId: "WG109",
      resource: "app/agent/canary",
      reason: "canary tracks the moving tag on purpose",
      expires: "2099-01-01",
    },
  },
  legacyFail: {
    ruleId: "WG101",
    severity: "error",
    outcome: "fail",
    message: "DaemonSet legacy has no rollout contract <single wave>",
    source: legacy,
    name: "legacy",
    namespace: "default",
  },
  legacyWarn: {
    ruleId: "WG109",
    severity: "warning",
    outcome: "fail",
    message: 'image "legacy:1.0" has no digest',
    source: legacy,
    name: "legacy",
    namespace: "default",
  },
  legacyNa: {
    ruleId: "WG109",
    severity: "warning",
    outcome: "not-applicable",
    message: "image unknown until apply",
    source: legacy,
    name: "legacy",
  },
  legacyError: {
    ruleId: "WG109",
    severity: "warning",
    outcome: "error",
    message: "TypeError: boom",
    source: legacy,
    name: "legacy",
    namespace: "default",
  },
} satisfies Record<string, Finding>;

/** Builds a report from findings, with defaults for everything else. */
export function makeReport(findings: Finding[], extra: Partial<PolicyReport> = {}): PolicyReport {
  return {
    findings,
    rules: RULES,
    input: {
      files: ["cdktf.out/stacks/app/cdk.tf.json", "legacy & old.tf.json"],
      stacks: ["app"],
      otherResources: 2,
      warnings: [],
      daemonSets: 2,
    },
    suppressionProblems: [],
    ...extra,
  };
}

/** A report with every kind of result: a pass, a suppressed failure, an error and a warning failure, problems. */
export function fullReport(): PolicyReport {
  return makeReport([F.canaryPass, F.canarySuppressed, F.legacyFail, F.legacyWarn], {
    suppressionProblems: [
      {
        suppression: {
          ruleId: "WG101",
          resource: "kubernetes_daemonset.gone",
          reason: "removed last quarter",
        },
        problem: "unused",
        detail: "WG101 on kubernetes_daemonset.gone matched no failure; remove it",
      },
      {
        suppression: {
          ruleId: "WG109",
          resource: "*",
          reason: "legacy images until Q3",
          expires: "2020-01-01",
        },
        problem: "expired",
        detail: "WG109 on * expired on 2020-01-01; fix the finding or renew the suppression",
      },
    ],
    input: {
      files: ["cdktf.out/stacks/app/cdk.tf.json", "legacy & old.tf.json"],
      stacks: ["app"],
      otherResources: 2,
      warnings: ["1 value unknown until apply"],
      daemonSets: 2,
    },
  });
}
