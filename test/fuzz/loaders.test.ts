import fc from "fast-check";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadCdktfOut } from "../../lib/inputs/cdktf-out";
import { loadHcl } from "../../lib/inputs/hcl";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { loadPlanJson } from "../../lib/inputs/plan-json";
import { loadTfJson } from "../../lib/inputs/tf-json";
import { FileLoadResult, InputError } from "../../lib/inputs/types";
import { runPolicy } from "../../lib/policy/engine";
import { ValidationError } from "../../lib/model/errors";
import {
  agentCase,
  hclOf,
  hostileValue,
  manifestsOf,
  pathsOf,
  planJsonOf,
  replaceAt,
  SEED,
  tfJsonOf,
  yamlOf,
} from "./generators";

// Every loader, fed mutants of valid inputs: the result is a load (then the policy runs without throwing) or a typed
// InputError — never a TypeError, RangeError or any other crash.

/** Loads `text`, then runs the policy; returns "loaded" or "refused" (InputError); anything else fails the test. */
async function outcome(load: () => Promise<FileLoadResult>): Promise<"loaded" | "refused"> {
  let result: FileLoadResult;
  try {
    result = await load();
  } catch (err) {
    if (err instanceof InputError) return "refused";
    throw err;
  }
  const report = runPolicy({ ...result, files: ["input"], stacks: [] });
  // Every DaemonSet read is judged by every rule: nothing read is silently skipped.
  expect(report.findings.length).toBe(result.daemonSets.length * report.rules.length);
  return "loaded";
}

/** A tree mutation: up to 3 values anywhere replaced with hostile ones. */
const treeMutation = fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 });

function mutate(tree: unknown, mutations: [number, unknown][]): unknown {
  let out = tree;
  for (const [at, value] of mutations) {
    const paths = pathsOf(out);
    if (paths.length === 0) break;
    out = replaceAt(out, paths[at % paths.length], value);
  }
  return out;
}

/** A text mutation: cut, duplicate or insert a character run. */
const textMutation = fc.tuple(
  fc.nat(),
  fc.constantFrom("cut", "dup", "insert"),
  fc.constantFrom("{", "}", "[", ":", '"', ",", "\n", "-", " ", "#", "&a", "*a", "!!binary"),
);

function mutateText(text: string, [at, op, s]: [number, string, string]): string {
  const i = at % (text.length + 1);
  if (op === "cut") return text.slice(0, i);
  if (op === "dup") return text.slice(0, i) + text.slice(i, i + 20) + text.slice(i);
  return text.slice(0, i) + s + text.slice(i);
}

const RUNS = { numRuns: 60, seed: SEED };

describe("fuzz: loaders return a load or an InputError, never crash", () => {
  test("tf.json, tree mutations", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, treeMutation, async (c, m) => {
        await outcome(() => loadTfJson("a.tf.json", JSON.stringify(mutate(tfJsonOf(manifestsOf(c)), m))));
      }),
      RUNS,
    );
  });

  test("tf.json, text mutations", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, textMutation, async (c, m) => {
        await outcome(() =>
          loadTfJson("a.tf.json", mutateText(JSON.stringify(tfJsonOf(manifestsOf(c)), null, 1), m)),
        );
      }),
      RUNS,
    );
  });

  test("plan JSON, tree mutations", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, treeMutation, async (c, m) => {
        await outcome(() =>
          loadPlanJson("a.plan.json", JSON.stringify(mutate(planJsonOf(manifestsOf(c)), m))),
        );
      }),
      RUNS,
    );
  });

  test("Kubernetes YAML, tree mutations (as YAML and as JSON)", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, treeMutation, async (c, m) => {
        const mutated = mutate({ items: manifestsOf(c) }, m) as { items?: unknown };
        const items = Array.isArray(mutated.items) ? mutated.items : [mutated.items];
        const text = JSON.stringify({ apiVersion: "v1", kind: "List", items });
        await outcome(() => loadKubernetesYaml("a.json", text));
        await outcome(() => loadKubernetesYaml("a.yaml", yamlOf(items as never, "yaml")));
      }),
      RUNS,
    );
  });

  test("Kubernetes YAML, text mutations", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, textMutation, async (c, m) => {
        await outcome(() => loadKubernetesYaml("a.yaml", mutateText(yamlOf(manifestsOf(c), "yaml"), m)));
      }),
      RUNS,
    );
  });

  test("HCL, text mutations (few runs: hcl2json is slow)", async () => {
    await fc.assert(
      fc.asyncProperty(agentCase, textMutation, async (c, m) => {
        await outcome(() => loadHcl("a.tf", mutateText(hclOf(manifestsOf(c)), m)));
      }),
      { numRuns: 4, seed: SEED },
    );
  });

  test("cdktf.out, tree mutations of the manifest and the stack", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "wavegate-fuzz-"));
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(agentCase, treeMutation, fc.boolean(), async (c, m, manifestToo) => {
          const dir = path.join(root, String(n++));
          mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
          const manifest = {
            version: "0.21.0",
            stacks: { s: { name: "s", synthesizedStackPath: "stacks/s/cdk.tf.json" } },
          };
          writeFileSync(
            path.join(dir, "manifest.json"),
            JSON.stringify(manifestToo ? mutate(manifest, m.slice(0, 1)) : manifest),
          );
          writeFileSync(
            path.join(dir, "stacks/s/cdk.tf.json"),
            JSON.stringify(mutate(tfJsonOf(manifestsOf(c)), m)),
          );
          // ValidationError is not expected from a loader; a path escaping the directory must be an InputError.
          await outcome(async () => {
            const r = await loadCdktfOut(dir);
            return r;
          }).catch((err) => {
            if (err instanceof ValidationError)
              throw new Error(`ValidationError from a loader: ${err.message}`);
            throw err;
          });
        }),
        { numRuns: 25, seed: SEED },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
