import { parseBakes, parseDuration, parseFleetFile, parseNodeCounts } from "../../lib/simulate/params";
import { timingsForPodStart } from "../../lib/simulate/pod-timings";

describe("parseDuration", () => {
  test.each([
    ["90", 90],
    ["20s", 20],
    ["5m", 300],
    ["1h", 3600],
    ["1h30m", 5400],
    ["1.5h", 5400],
    ["2d", 172800],
  ])("%s -> %i s", (text, seconds) => expect(parseDuration(text, "--bake")).toBe(seconds));

  test.each(["", "1x", "h", "-5s", "1h 30m", "ten"])("rejects %p, naming the flag", (text) => {
    expect(() => parseDuration(text, "--pod-start")).toThrow(/--pod-start: .* is not a duration/);
  });
});

describe("name=value lists", () => {
  test("node counts and bakes", () => {
    expect(parseNodeCounts("canary=20, staging=200,production=2000")).toEqual({
      canary: 20,
      staging: 200,
      production: 2000,
    });
    expect(parseBakes("canary=1h,staging=30m")).toEqual({ canary: 3600, staging: 1800 });
  });

  test.each([
    ["canary", /not a name=value pair/],
    ["canary=", /not a name=value pair/],
    ["canary=20,canary=3", /given twice/],
    ["canary=-1", /not a node count/],
    ["canary=2.5", /not a node count/],
  ])("rejects %p", (text, message) => expect(() => parseNodeCounts(text)).toThrow(message));
});

describe("parseFleetFile", () => {
  test("structured YAML with durations", () => {
    expect(
      parseFleetFile("nodes:\n  canary: 20\nbake:\n  canary: 1h\n  staging: 600\n", "fleet.yaml"),
    ).toEqual({
      nodes: { canary: 20 },
      bake: { canary: 3600, staging: 600 },
    });
  });

  test("a bare JSON map of node counts", () => {
    expect(parseFleetFile('{ "canary": 20, "production": 2000 }', "fleet.json")).toEqual({
      nodes: { canary: 20, production: 2000 },
      bake: undefined,
    });
  });

  test.each([
    ["[1, 2]", /fleet.json: is not a map/],
    ["{ nodes: { canary: x } }", /fleet.json: nodes.canary: "x" is not a node count/],
    ['{ "nodes": {}, "waves": 3 }', /waves: is not a fleet field/],
    ["{ nodes: [", /not valid JSON or YAML/],
  ])("rejects %p, naming the file and field", (text, message) => {
    expect(() => parseFleetFile(text, "fleet.json")).toThrow(message);
  });
});

describe("timingsForPodStart", () => {
  test("splits the creation-to-Ready time over pull, start and readiness", () => {
    const t = timingsForPodStart(40);
    expect((t.imagePullSeconds ?? 0) + (t.startSeconds ?? 0) + (t.readinessSeconds ?? 0)).toBeCloseTo(40);
    expect(t.imagePullSeconds).toBeCloseTo(16);
  });
});
