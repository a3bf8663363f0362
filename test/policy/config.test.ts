import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ConfigError, isIsoDate, loadConfig, parseConfig } from "../../lib/policy/config";
import { InputError } from "../../lib/inputs/types";

const FILE = "wavegate.json";
const suppression = {
  rule: "WG101",
  resource: "kubernetes_daemonset.legacy",
  reason: "migrating in Q3 2026",
};

describe("parseConfig", () => {
  test("GIVEN a full config THEN options, failOn and suppressions (rule -> ruleId) are returned", () => {
    const config = parseConfig(
      {
        $schema: "./schema.json",
        failOn: "warning",
        options: {
          maxUnavailableCap: "5%",
          minReadySeconds: 30,
          minWaves: 2,
          severities: { WG109: "error" },
          disabledRules: ["WG205"],
        },
        suppressions: [{ ...suppression, expires: "2026-12-31" }],
      },
      FILE,
    );
    expect(config).toEqual({
      failOn: "warning",
      options: {
        maxUnavailableCap: "5%",
        minReadySeconds: 30,
        minWaves: 2,
        severities: { WG109: "error" },
        disabledRules: ["WG205"],
      },
      suppressions: [
        {
          ruleId: "WG101",
          resource: "kubernetes_daemonset.legacy",
          reason: "migrating in Q3 2026",
          expires: "2026-12-31",
        },
      ],
    });
  });

  test("GIVEN an empty object THEN defaults", () => {
    expect(parseConfig({}, FILE)).toEqual({ failOn: undefined, options: {}, suppressions: [] });
  });

  test("a numeric cap is accepted as an absolute number", () => {
    expect(parseConfig({ options: { maxUnavailableCap: 3 } }, FILE).options.maxUnavailableCap).toBe("3");
  });

  test.each([
    [
      { suppressions: [{ ...suppression, reason: "because" }] },
      "wavegate.json: suppressions[0].reason: must be at least 10 characters: say why this failure is accepted",
    ],
    [
      { suppressions: [{ ...suppression, reason: "          x" }] },
      "suppressions[0].reason: must be at least 10 characters",
    ],
    [
      { suppressions: [suppression, { ...suppression, expires: "next year" }] },
      "wavegate.json: suppressions[1].expires: must be an ISO date such as 2026-12-31",
    ],
    [
      { suppressions: [{ rule: "WG101", reason: "migrating in Q3 2026" }] },
      "wavegate.json: suppressions[0].resource: is required (string)",
    ],
    [
      { suppressions: [{ ...suppression, ruleId: "WG101" }] },
      'wavegate.json: suppressions[0]: unknown field "ruleId"',
    ],
    [{ failOn: "info" }, 'wavegate.json: failOn: "info" is not allowed; use one of error, warning'],
    [
      { options: { maxUnavailableCap: "lots" } },
      'wavegate.json: options.maxUnavailableCap: must be a whole number or a percent such as "10%"',
    ],
    [{ options: { minWaves: 0 } }, "wavegate.json: options.minWaves:"],
    [
      { options: { minReadySeconds: "10" } },
      "wavegate.json: options.minReadySeconds: must be number, not string",
    ],
    [{ options: { maxUnavailabel: "5%" } }, 'wavegate.json: options: unknown field "maxUnavailabel"'],
    [
      { options: { severities: { WG109: "fatal" } } },
      'wavegate.json: options.severities.WG109: "fatal" is not allowed',
    ],
    [[], "wavegate.json: (root): must be object, not array"],
    [{ suppression: [] }, 'wavegate.json: (root): unknown field "suppression"'],
  ])("rejects %j naming the file and field", (json, message) => {
    let error: unknown;
    try {
      parseConfig(json, FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
  });

  test("GIVEN known rule IDs THEN unknown IDs in suppressions, severities and disabledRules are rejected", () => {
    const known = ["WG101", "WG109"];
    expect(() => parseConfig({ suppressions: [{ ...suppression, rule: "WG999" }] }, FILE, known)).toThrow(
      'wavegate.json: suppressions[0].rule: there is no rule "WG999"; use one of WG101, WG109',
    );
    expect(() => parseConfig({ options: { severities: { WG1: "info" } } }, FILE, known)).toThrow(
      "options.severities.WG1",
    );
    expect(() => parseConfig({ options: { disabledRules: ["WG101", "X"] } }, FILE, known)).toThrow(
      "options.disabledRules[1]",
    );
    expect(parseConfig({ suppressions: [suppression] }, FILE, known).suppressions).toHaveLength(1);
  });

  test("isIsoDate", () => {
    expect(isIsoDate("2026-12-31")).toBe(true);
    expect(isIsoDate("2026-12-31T10:00:00Z")).toBe(true);
    expect(isIsoDate("2026-13-45")).toBe(false);
    expect(isIsoDate("2026-02-31")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("31/12/2026")).toBe(false);
  });
});

describe("loadConfig", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-config-"));
  const empty = mkdtempSync(path.join(tmpdir(), "wavegate-config-empty-"));
  writeFileSync(
    path.join(dir, "wavegate.json"),
    JSON.stringify({ failOn: "warning", suppressions: [suppression] }),
  );
  writeFileSync(path.join(dir, "other.json"), JSON.stringify({ failOn: "error" }));
  writeFileSync(path.join(dir, "broken.json"), '{\n  "failOn": "error",\n}\n');

  test("finds wavegate.json in the working directory", async () => {
    const config = await loadConfig({ cwd: dir });
    expect(config.file).toBe("wavegate.json");
    expect(config.failOn).toBe("warning");
    expect(config.suppressions[0].ruleId).toBe("WG101");
  });

  test("reads --config instead, relative to the working directory", async () => {
    expect(await loadConfig({ cwd: dir, file: "other.json" })).toMatchObject({
      file: "other.json",
      failOn: "error",
    });
  });

  test("no wavegate.json and no --config: defaults, no file", async () => {
    expect(await loadConfig({ cwd: empty })).toEqual({ options: {}, suppressions: [] });
  });

  test("a missing --config file is an error naming it", async () => {
    await expect(loadConfig({ cwd: empty, file: "nope.json" })).rejects.toThrow(
      "nope.json: config file not found",
    );
  });

  test("malformed JSON names the file and line", async () => {
    await expect(loadConfig({ cwd: dir, file: "broken.json" })).rejects.toThrow(
      /^broken\.json:3: malformed JSON/,
    );
  });
});
