import {
  parseThreshold,
  parseVerifyDuration,
  parseVerifySection,
  progressDeadline,
} from "../../lib/verify/config";
import { judgeMetric, parseSampleValue, readQueryResponse } from "../../lib/verify/metrics";
import { findDrift } from "../../lib/verify/target";

describe("Prometheus values, parsed explicitly", () => {
  test.each([
    ["0.5", 0.5],
    ["1e-3", 0.001],
    ["+Inf", Infinity],
    ["-Inf", -Infinity],
    ["NaN", NaN],
    ["abc", undefined],
    ["", undefined],
  ])("%s -> %s", (text, value) => {
    expect(parseSampleValue(text)).toBe(value);
  });

  test("vector, scalar, empty, errors", () => {
    expect(
      readQueryResponse({ status: "success", data: { resultType: "vector", result: [{ value: [1, "2"] }] } }),
    ).toEqual({ kind: "values", values: [2] });
    expect(
      readQueryResponse({ status: "success", data: { resultType: "scalar", result: [1, "NaN"] } }),
    ).toEqual({ kind: "values", values: [NaN] });
    expect(readQueryResponse({ status: "success", data: { resultType: "vector", result: [] } })).toEqual({
      kind: "empty",
    });
    expect(readQueryResponse({ status: "error", error: "bad query" })).toMatchObject({
      kind: "error",
      message: expect.stringContaining("bad query"),
    });
    expect(readQueryResponse({ status: "success", data: { resultType: "matrix", result: [] } }).kind).toBe(
      "error",
    );
  });

  test("judging: NaN is no data, never healthy", () => {
    const t = { op: "<" as const, value: 1 };
    expect(judgeMetric({ kind: "values", values: [NaN] }, t)).toBe("no-data");
    expect(judgeMetric({ kind: "values", values: [0, 2] }, t)).toBe("breached");
    expect(judgeMetric({ kind: "values", values: [0] }, t)).toBe("ok");
  });
});

describe("verify settings", () => {
  test("durations and thresholds", () => {
    expect(parseVerifyDuration("10m", "--bake")).toBe(600);
    expect(parseVerifyDuration("1h30m", "--bake")).toBe(5400);
    expect(parseVerifyDuration("45", "--bake")).toBe(45);
    expect(() => parseVerifyDuration("10 minutes", "--bake")).toThrow(
      /--bake: "10 minutes" is not a duration/,
    );
    expect(parseThreshold("<= 0.01", "t")).toEqual({ op: "<=", value: 0.01 });
    expect(() => parseThreshold("about 3", "t")).toThrow(/not a threshold/);
  });

  test("the wavegate.json verify section, with errors naming the field", () => {
    expect(
      parseVerifySection(
        {
          bake: "30m",
          restartsFailed: 3,
          prometheus: "http://p:9090",
          metrics: [{ name: "e", query: "q", threshold: "< 1" }],
        },
        "wavegate.json",
      ),
    ).toEqual({
      bakeSeconds: 1800,
      restartsFailed: 3,
      prometheusUrl: "http://p:9090",
      metrics: [{ name: "e", query: "q", threshold: { op: "<", value: 1 } }],
    });
    expect(() => parseVerifySection({ bakes: "1m" }, "wavegate.json")).toThrow(
      /wavegate.json: verify.bakes: unknown setting/,
    );
    expect(() => parseVerifySection({ restartsFailed: -1 }, "wavegate.json")).toThrow(
      /verify.restartsFailed/,
    );
  });

  test("the progress deadline is the configured one or the prediction with margin, whichever is longer", () => {
    expect(progressDeadline(600, undefined)).toBe(600);
    expect(progressDeadline(600, 100)).toBe(600);
    expect(progressDeadline(600, 1000)).toBe(1500);
  });

  test("drift names both images", () => {
    const live = { spec: { template: { spec: { containers: [{ name: "a", image: "a:v3" }] } } } };
    expect(findDrift({ images: { a: "a:v2" } }, live)).toEqual([
      { container: "a", expected: "a:v2", live: "a:v3" },
    ]);
    expect(findDrift({ images: { a: "a:v3" } }, live)).toEqual([]);
  });
});
