import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { transformSync } from "@swc/core";
import { Json } from "./ebpf-agent-helpers";

/** The first ```ts block of the README's EbpfAgent section. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## EbpfAgent"));
  const code = /```ts\n([\s\S]*?)```/.exec(section);
  if (code === null) throw new Error("README has no ts example in the EbpfAgent section");
  return code[1];
}

/** The snippet as CommonJS JavaScript. */
function stripTypes(code: string): string {
  return transformSync(code, {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  }).code;
}

describe("README: how to add an agent of your own", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "wavegate-readme-"));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("the example runs as written (with `wavegate` resolved to this repo) and gets the documented capabilities", () => {
    // Types stripped by swc, as jest's transform does (a syntax error throws); `npm run lint` type-checks.
    const js = stripTypes(readmeExample());
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const localRequire = (id: string) => require(id === "wavegate" ? "../../lib" : id);
      vm.runInThisContext(`(function (require, exports) {${js}\n})`)(localRequire, {});
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    const synth = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/net-observer/cdk.tf.json"), "utf8"));
    const daemonSets: Json[] = Object.values(synth.resource.kubernetes_daemon_set_v1);
    expect(daemonSets.map((d) => d.metadata.name).sort()).toEqual([
      "net-observer",
      "net-observer-canary",
      "net-observer-staging",
    ]);
    for (const ds of daemonSets) {
      expect(ds.spec.template.spec.container[0].security_context.capabilities.add).toEqual([
        "BPF",
        "PERFMON",
        "NET_ADMIN",
      ]);
    }
  });
});
