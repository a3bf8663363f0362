/**
 * Every TypeScript example that builds an agent — in the README and in the constructs' JSDoc — passes the policy
 * `wavegate check` runs. Each `new StagedDaemonSet(...)` / `new EbpfAgent(...)` call is cut out of its example,
 * synthesized in-process (Testing.synthScope, no cdktf CLI) and judged on the synthesized JSON.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { transformSync } from "@swc/core";
import { Testing } from "cdktf";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { EbpfAgent, NodePool, Release, StagedDaemonSet } from "../../lib";
import { evaluateGate } from "../../lib/policy/gate";
import { runPolicy } from "../../lib/policy/engine";

const ROOT = path.join(__dirname, "../..");

/** The ```ts blocks of the README. */
function readmeBlocks(): { where: string; code: string }[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({
    where: `README.md:${readme.slice(0, m.index).split("\n").length}`,
    code: m[1],
  }));
}

/** The @example blocks of a source file's JSDoc, with the leading ` * ` removed. */
function jsdocBlocks(file: string): { where: string; code: string }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/\* @example\n((?:\s*\*(?: .*)?\n)+?)\s*\*\//g)].map((m) => ({
    where: `${file}:${text.slice(0, m.index).split("\n").length}`,
    code: m[1].replace(/^\s*\* ?/gm, ""),
  }));
}

/** Each `new StagedDaemonSet(scope, ...)` / `new EbpfAgent(scope, ...)` call in `code`, as text. */
function constructCalls(code: string): string[] {
  const calls: string[] = [];
  for (const m of code.matchAll(/new (StagedDaemonSet|EbpfAgent)\(/g)) {
    let depth = 0;
    let end = -1;
    for (let i = (m.index ?? 0) + m[0].length - 1; i < code.length; i++) {
      if (code[i] === "(") depth++;
      else if (code[i] === ")" && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    const call = code.slice(m.index, end);
    // `new StagedDaemonSet(scope, id, props: StagedDaemonSetProps)` is a signature, not an example.
    // Waves from `pools.waves()` need the pools stack: the wave-pools example test runs `check` on that example whole.
    if (call.includes("{") && !call.includes("pools.waves("))
      calls.push(call.replace(/\((\w+|this), /, "(scope, "));
  }
  return calls;
}

const examples = [
  ...readmeBlocks(),
  ...jsdocBlocks("lib/constructs/staged-daemon-set.ts"),
  ...jsdocBlocks("lib/constructs/ebpf-agent.ts"),
].flatMap(({ where, code }) => constructCalls(code).map((call, i) => ({ name: `${where} #${i + 1}`, call })));

describe("every example that builds an agent passes wavegate check", () => {
  test("the examples are found (README quick start, own agent, jest recipe; both construct JSDoc examples)", () => {
    expect(examples.filter((e) => e.name.startsWith("README")).length).toBeGreaterThanOrEqual(3);
    expect(examples.filter((e) => e.name.startsWith("lib/")).length).toBe(2);
  });

  test.each(examples)("$name", ({ call }) => {
    // Types stripped by swc, as jest's transform does (a syntax error throws).
    const js = transformSync(call, { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }).code;
    const json = Testing.synthScope((scope) => {
      // The quick start reads its release file beside examples/seed-three-waves/main.ts.
      const dirname = path.join(ROOT, "examples/seed-three-waves");
      new Function("scope", "StagedDaemonSet", "EbpfAgent", "NodePool", "Release", "path", "__dirname", js)(
        scope,
        StagedDaemonSet,
        EbpfAgent,
        NodePool,
        Release,
        path,
        dirname,
      );
    });
    const file = "stacks/example/cdk.tf.json";
    const loaded = daemonSetsFromTerraformJson(JSON.parse(json), {
      file,
      format: "cdktf-out",
      stack: "example",
    });
    expect(loaded.daemonSets.length).toBeGreaterThanOrEqual(3);
    const report = runPolicy({ ...loaded, files: [file], stacks: ["example"] });
    const gate = evaluateGate(report, "error");
    expect([...gate.failures, ...gate.ruleErrors].map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(gate.passed).toBe(true);
  });
});
