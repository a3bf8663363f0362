/**
 * The package as users get it: built into a temporary `node_modules/wavegate`, then
 * - type-checked from a default `cdktf init --template typescript` project (module CommonJS, which ignores
 *   `exports`, so the subpath entry points need `typesVersions`) compiling the README's snippets;
 * - run as `wavegate check` from a directory where only the runtime dependencies resolve (no cdktf, constructs or
 *   provider bindings: they are optional peers).
 * One in-process TypeScript build emits JavaScript and declarations; one type-check compiles the snippets.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");
const MODULES = path.join(ROOT, "node_modules");
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  typesVersions: Record<string, Record<string, string[]>>;
  exports: Record<string, string>;
};
/** The tsconfig `cdktf init --template typescript` writes (from the installed cdktf-cli's template). */
const CDKTF_INIT_TSCONFIG = path.join(MODULES, "cdktf-cli/bundle/templates/typescript/tsconfig.json");

const format = (d: readonly ts.Diagnostic[]) =>
  ts.formatDiagnostics(d, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });

/**
 * A compiler host as `tsc` makes one: tsc skips JSDoc it needs no type information from
 * (`host.jsDocParsingMode = ParseForTypeErrors` in performCompilation, typescript/lib/_tsc.js; TypeScript 5.3),
 * which is most of parsing @kubernetes/client-node's 800 declaration files.
 */
function tscHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return host;
}

/** The README's ```ts block that contains `marker`. */
function readmeSnippet(marker: string): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .find((b) => b.includes(marker));
  if (block === undefined) throw new Error(`no README ts block contains ${marker}`);
  return block;
}

/** Builds lib/ (JavaScript + declarations) into `<dir>/dist`, as `npm run build` does, and copies package.json. */
function buildPackage(dir: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(format([d]));
      },
    },
  );
  if (parsed === undefined) throw new Error("cannot read tsconfig.build.json");
  // tsconfig.build.json sets isolatedDeclarations (and isolatedModules): each file's JavaScript and declarations
  // follow from that file alone, so the emit needs no type-checking (`npm run lint` does that), no imported module
  // and no lib (noCheck, noResolve, noLib): byte for byte what `npm run build` writes, in about half the time.
  // An export the declarations cannot be emitted for alone fails here (TS9xxx), as it fails `npm run build`.
  expect(parsed.options.isolatedDeclarations).toBe(true);
  const options = {
    ...parsed.options,
    outDir: path.join(dir, "dist"),
    noCheck: true,
    noResolve: true,
    noLib: true,
    types: [],
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host: tscHost(options) });
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) throw new Error(format(diagnostics));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(PACKAGE));
}

/** Every package the runtime dependencies need, following `dependencies` through the flat node_modules. */
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const queue = Object.keys(PACKAGE.dependencies);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name) || !existsSync(path.join(MODULES, name, "package.json"))) continue;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(path.join(MODULES, name, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    queue.push(...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }));
  }
  return [...seen];
}

/** Links `names` from the repository's node_modules into `<dir>/node_modules` (scoped names in real scope dirs). */
function linkModules(dir: string, names: readonly string[]): void {
  for (const name of names) {
    const target = path.join(dir, "node_modules", name);
    if (existsSync(target)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(MODULES, name), target, "dir");
  }
}

describe("the built package", () => {
  let tmp: string;
  let built: string;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "wavegate-package-"));
    built = path.join(tmp, "built");
    buildPackage(built);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test("typesVersions maps every subpath export to its declarations", () => {
    const map = PACKAGE.typesVersions["*"];
    for (const [subpath, js] of Object.entries(PACKAGE.exports)) {
      if (subpath === "." || subpath === "./package.json" || !js.endsWith(".js")) continue;
      const name = subpath.slice(2);
      expect(map[name]).toEqual([js.slice(2).replace(/\.js$/, ".d.ts")]);
      expect(existsSync(path.join(built, map[name][0]))).toBe(true);
    }
  });

  test("the README's jest recipe and 'From code' snippet type-check in a default cdktf init project", () => {
    const project = path.join(tmp, "cdktf-app");
    mkdirSync(project, { recursive: true });
    // What `cdktf init` + `npm install wavegate` give: cdktf, constructs, the provider, @types/jest and @types/node.
    const peers = ["cdktf", "constructs", "@cdktf/provider-kubernetes", "@types/jest", "@types/node"];
    linkModules(project, [...new Set([...peers, ...runtimeClosure()])]);
    cpSync(built, path.join(project, "node_modules/wavegate"), { recursive: true });
    writeFileSync(path.join(project, "tsconfig.json"), readFileSync(CDKTF_INIT_TSCONFIG, "utf8"));
    writeFileSync(path.join(project, "agent.test.ts"), readmeSnippet('import "wavegate/jest";'));
    writeFileSync(path.join(project, "gate.ts"), readmeSnippet('from "wavegate/policy"'));

    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(project, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(format([d]));
        },
      },
    );
    expect(parsed?.options.module).toBe(ts.ModuleKind.CommonJS);
    const options = { ...parsed?.options, noEmit: true, incremental: false };
    const program = ts.createProgram({ rootNames: parsed?.fileNames ?? [], options, host: tscHost(options) });
    expect(parsed?.fileNames.map((f) => path.basename(f)).sort()).toEqual(["agent.test.ts", "gate.ts"]);
    expect(format(ts.getPreEmitDiagnostics(program))).toBe("");
  });

  test("cdktf, constructs and the provider binding are optional peers", () => {
    for (const peer of Object.keys(PACKAGE.peerDependencies)) {
      expect(PACKAGE.peerDependenciesMeta[peer]).toEqual({ optional: true });
    }
  });

  test("wavegate check runs where only the runtime dependencies resolve (no cdktf, constructs, provider)", () => {
    const ci = path.join(tmp, "ci-only");
    mkdirSync(ci, { recursive: true });
    const closure = runtimeClosure();
    for (const peer of Object.keys(PACKAGE.peerDependencies)) expect(closure).not.toContain(peer);
    linkModules(ci, closure);
    cpSync(built, path.join(ci, "node_modules/wavegate"), { recursive: true });
    const cli = path.join(ci, "node_modules/wavegate/dist/cli/main.js");
    const fixtures = path.join(ROOT, "test/policy/fixtures");
    // Node also searches every ancestor's node_modules (a stray /tmp/node_modules would hold cdktf), so the peers
    // are also made unresolvable: any require of them fails as it would where they are not installed.
    const noPeers = path.join(ci, "no-peers.js");
    writeFileSync(
      noPeers,
      [
        'const Module = require("node:module");',
        "const resolve = Module._resolveFilename;",
        "Module._resolveFilename = function (request, ...rest) {",
        "  if (/^(cdktf|constructs|@cdktf\\/provider-[^/]+)(\\/|$)/.test(request)) {",
        "    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: \"MODULE_NOT_FOUND\" });",
        "  }",
        "  return resolve.call(this, request, ...rest);",
        "};",
      ].join("\n"),
    );

    const json = spawnSync(
      process.execPath,
      [cli, "check", path.join(fixtures, "staged-good.tf.json"), "-f", "json"],
      {
        cwd: ci,
        encoding: "utf8",
      },
    );
    expect(json.stderr).not.toMatch(/Cannot find module/);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).summary.daemonSets).toBe(3);

    const hcl = spawnSync(
      process.execPath,
      ["--require", noPeers, cli, "check", path.join(fixtures, "wg101-merged-labels.tf")],
      {
        cwd: ci,
        encoding: "utf8",
      },
    );
    expect(hcl.stderr).not.toMatch(/Cannot find module/);
    expect(hcl.stdout).toMatch(/wavegate check: 1 file, 0 stacks, 1 DaemonSet read/);

    // The blocker works: the root entry point, which holds the constructs, does need the peers.
    const root = spawnSync(
      process.execPath,
      ["--require", noPeers, "-e", `require(${JSON.stringify(path.join(ci, "node_modules/wavegate"))})`],
      {
        cwd: ci,
        encoding: "utf8",
      },
    );
    expect(root.stderr).toMatch(/Cannot find module '(cdktf|constructs)'/);
  });
});
