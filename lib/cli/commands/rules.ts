import { Command, Option } from "commander";
import { explainRule, ruleHelpUri, ruleName } from "../../policy/rule-docs";
import { ALL_RULES } from "../../policy/rules";
import { Rule } from "../../policy/types";
import { CliIo, EXIT, UsageError } from "../io";

/** Formats of `wavegate rules`. */
export const RULES_FORMATS = ["text", "json"] as const;

/** `wavegate rules`: list the rule catalogue. */
export function registerRules(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("rules")
    .description("list the policy rules `wavegate check` runs: ID, default severity, name and what passes")
    .addOption(new Option("-f, --format <format>", "output format").choices(RULES_FORMATS).default("text"))
    .action((options: { format?: (typeof RULES_FORMATS)[number] }) => {
      io.out(options.format === "json" ? rulesJson(ALL_RULES) : rulesText(ALL_RULES));
      setExit(EXIT.ok);
    });
}

/** `wavegate explain <rule>`: a rule's why, fix and an example. */
export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("explain")
    .description("print a rule's why, fix and a failing and a passing example (exit 2 for an unknown rule)")
    .argument("<rule>", "a rule ID, e.g. WG106 (`wavegate rules` lists them)")
    .action((id: string) => {
      io.out(explainRule(findRule(id)));
      setExit(EXIT.ok);
    });
}

/** The rule with this ID (any case), or a UsageError naming the known IDs. */
export function findRule(id: string, rules: readonly Rule[] = ALL_RULES): Rule {
  const wanted = id.trim().toUpperCase();
  const rule = rules.find((r) => r.id.toUpperCase() === wanted || ruleName(r).toUpperCase() === wanted);
  if (rule === undefined) {
    throw new UsageError(
      `explain: no rule ${JSON.stringify(id)}; the rules are ${rules.map((r) => r.id).join(", ")} (see \`wavegate rules\`)`,
    );
  }
  return rule;
}

/** One line per rule: `WG101  error    StagedRollout  Every DaemonSet is ...`. */
export function rulesText(rules: readonly Rule[]): string {
  const widthName = Math.max(...rules.map((r) => ruleName(r).length));
  const lines = rules.map(
    (r) => `${r.id.padEnd(6)} ${r.severity.padEnd(8)} ${ruleName(r).padEnd(widthName)}  ${r.title}`,
  );
  return `${lines.join("\n")}\n\n${rules.length} rules. \`wavegate explain <ID>\` prints a rule's why, fix and example.\n`;
}

function rulesJson(rules: readonly Rule[]): string {
  const out = rules.map((r) => ({
    id: r.id,
    name: ruleName(r),
    severity: r.severity,
    title: r.title,
    why: r.why,
    fix: r.fix,
    example: r.example,
    helpUri: ruleHelpUri(r),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
