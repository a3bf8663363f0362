import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { ruleName } from "../../lib/policy/rule-docs";
import { ALL_RULES } from "../../lib/policy/rules";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd: process.cwd(),
    readStdin: async () => "",
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe("wavegate rules", () => {
  test("lists every rule of the catalogue, in order, with its severity and name", async () => {
    const { code, out } = await run(["rules"]);
    expect(code).toBe(0);
    const ids = [...out.matchAll(/^(WG\d{3}) +(\w+) +(\w+) /gm)].map((m) => [m[1], m[2], m[3]]);
    expect(ids).toEqual(ALL_RULES.map((r) => [r.id, r.severity, ruleName(r)]));
  });

  test("--format json carries why, fix and the example", async () => {
    const { out } = await run(["rules", "--format", "json"]);
    const rules = JSON.parse(out) as { id: string; why: string; example?: { fails: string } }[];
    expect(rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    expect(rules.every((r) => r.why.length > 0 && r.example !== undefined)).toBe(true);
  });
});

describe("wavegate explain", () => {
  test("WG106 prints its why, fix and a failing and a passing example", async () => {
    const { code, out } = await run(["explain", "WG106"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^WG106 PoolCoverage \(error\)\n/);
    for (const heading of ["Why:", "Fix:", "Fails:", "Passes:"]) expect(out).toContain(`\n${heading}\n`);
    expect(out).toContain("NotIn every earlier pool");
  });

  test("IDs are matched in any case, and names work too", async () => {
    expect((await run(["explain", "wg204"])).out).toMatch(/^WG204 /);
    expect((await run(["explain", "PinnedImage"])).out).toMatch(/^WG109 /);
  });

  test("an unknown rule exits 2 naming the known ones", async () => {
    const { code, err } = await run(["explain", "WG999"]);
    expect(code).toBe(2);
    expect(err).toMatch(/^wavegate: explain: no rule "WG999"; the rules are WG101, WG102/);
  });

  test.each(ALL_RULES.map((r) => r.id))("%s has a name, and an example whose two halves differ", (id) => {
    const rule = ALL_RULES.find((r) => r.id === id)!;
    expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(rule.example?.fails).toBeTruthy();
    expect(rule.example?.passes).toBeTruthy();
    expect(rule.example?.fails).not.toBe(rule.example?.passes);
  });
});
