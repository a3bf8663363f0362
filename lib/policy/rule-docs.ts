/**
 * What is said about a rule beyond its check: its name, where its documentation lives, and its explanation as text
 * (for `wavegate rules` / `wavegate explain` and the SARIF rule descriptors).
 */
import { Rule } from "./types";

/** The package's documentation (the README, as the registry shows it): package.json `homepage`. */
export const DOCS_URL: string =
  // The same relative path from lib/policy and dist/policy.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("../../package.json") as { homepage?: string }).homepage ??
  "https://www.npmjs.com/package/wavegate";

/** The README section holding the rule table. */
export const RULES_ANCHOR = "rollout-policy";

/** Where a rule is documented: the README's rule table. */
export function ruleHelpUri(_rule: Rule): string {
  return `${DOCS_URL}#${RULES_ANCHOR}`;
}

/** The rule's PascalCase name (`StagedRollout`): its own `name`, else made from the first words of its title. */
export function ruleName(rule: Rule): string {
  if (rule.name !== undefined && rule.name.trim() !== "") return rule.name.trim();
  const words = rule.title.match(/[A-Za-z0-9]+/g) ?? [rule.id];
  const name = words
    .slice(0, 5)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return name === rule.id ? `Rule${name}` : name;
}

/** `wavegate explain <id>`: the rule's title, severity, why, fix and example, as plain text. */
export function explainRule(rule: Rule): string {
  const indent = (text: string) =>
    text
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n");
  const lines = [
    `${rule.id} ${ruleName(rule)} (${rule.severity})`,
    rule.title,
    "",
    "Why:",
    indent(rule.why),
    "",
    "Fix:",
    indent(rule.fix),
  ];
  if (rule.example !== undefined) {
    lines.push("", "Fails:", indent(rule.example.fails), "", "Passes:", indent(rule.example.passes));
  }
  lines.push("", `More: ${ruleHelpUri(rule)}`);
  return `${lines.join("\n")}\n`;
}
