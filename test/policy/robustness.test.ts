import fc from "fast-check";
import { InputError } from "../../lib/inputs/types";
import { checkJson, daemonSets, fixtureJson, Tf } from "./helpers";

/** Places in a DaemonSet resource where hand-written or generated Terraform JSON can hold anything. */
const PATHS = [
  ["metadata"],
  ["metadata", "annotations"],
  ["metadata", "annotations", "wavegate.dev/wave-index"],
  ["metadata", "annotations", "wavegate.dev/nodes"],
  ["metadata", "annotations", "wavegate.dev/version"],
  ["metadata", "labels"],
  ["spec"],
  ["spec", "strategy"],
  ["spec", "strategy", "rolling_update"],
  ["spec", "strategy", "rolling_update", "max_unavailable"],
  ["spec", "min_ready_seconds"],
  ["spec", "revision_history_limit"],
  ["spec", "template"],
  ["spec", "template", "spec"],
  ["spec", "template", "spec", "container"],
  ["spec", "template", "spec", "container", 0],
  ["spec", "template", "spec", "container", 0, "image"],
  ["spec", "template", "spec", "container", 0, "security_context"],
  ["spec", "template", "spec", "container", 0, "security_context", "capabilities"],
  ["spec", "template", "spec", "container", 0, "security_context", "capabilities", "add"],
  ["spec", "template", "spec", "container", 0, "volume_mount"],
  ["spec", "template", "spec", "volume"],
  ["spec", "template", "spec", "volume", 0, "host_path"],
  ["spec", "template", "spec", "affinity"],
  [
    "spec",
    "template",
    "spec",
    "affinity",
    "node_affinity",
    "required_during_scheduling_ignored_during_execution",
  ],
  ["spec", "template", "spec", "node_selector"],
  ["spec", "template", "spec", "host_network"],
];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("${var.x}", "var.x", "local.y", "", "100%", "-1", "latest", [], {}, null),
);

describe("robustness", () => {
  test("property: whatever a field holds, no rule throws (unknown or odd values give pass / fail / n/a)", () => {
    fc.assert(
      fc.property(fc.nat(2), fc.constantFrom(...PATHS), value, (wave, path, replacement) => {
        const json = fixtureJson("staged-good.tf.json");
        let at: Tf = daemonSets(json)[wave];
        for (const key of path.slice(0, -1)) {
          if (typeof at[key] !== "object" || at[key] === null)
            at[key] = typeof path[1] === "number" ? [] : {};
          at = at[key];
        }
        at[path[path.length - 1]] = replacement;
        let report: ReturnType<typeof checkJson>;
        try {
          report = checkJson(json);
        } catch (e) {
          // A shape Terraform itself refuses (a spec that is a number, two strategy blocks) is bad input (exit 2).
          if (e instanceof InputError) return;
          throw e;
        }
        const errors = report.findings.filter((f) => f.outcome === "error");
        expect(errors.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
