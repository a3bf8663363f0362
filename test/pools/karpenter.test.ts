import { KarpenterWavePools, KarpenterWavePoolsProps } from "../../lib/pools/karpenter";
import { Json, synthWith, thrown, warningsOf } from "./helpers";

const discovery = [{ tags: { "karpenter.sh/discovery": "prod" } }];
const props: KarpenterWavePoolsProps = {
  nodeClass: {
    role: "KarpenterNodeRole-prod",
    subnetSelectorTerms: discovery,
    securityGroupSelectorTerms: discovery,
  },
  waves: [
    { name: "canary", size: { min: 1, max: 2 }, amiAlias: "al2023@v20240807", taint: true },
    { name: "staging", size: { min: 20, max: 40 }, amiAlias: "al2023@v20240703" },
    { name: "production", size: { min: 200, max: 400 }, amiAlias: "al2023@v20240703", upgradeBudget: "5%" },
  ],
};

const synth = (p: Partial<KarpenterWavePoolsProps> = {}) =>
  synthWith((scope) => new KarpenterWavePools(scope, "pools", { ...props, ...p }));

describe("KarpenterWavePools", () => {
  test("GIVEN three waves THEN a karpenter.sh/v1 NodePool and an EC2NodeClass per wave, through kubernetes_manifest", () => {
    const { json } = synth();
    const manifests = Object.values(json.resource.kubernetes_manifest as Record<string, Json>).map(
      (m) => m.manifest,
    );
    const order = ["canary", "staging", "production"];
    const byWave = (a: Json, b: Json) => order.indexOf(a.metadata.name) - order.indexOf(b.metadata.name);
    const pools = manifests.filter((m) => m.kind === "NodePool").sort(byWave);
    const classes = manifests.filter((m) => m.kind === "EC2NodeClass").sort(byWave);
    expect(pools.map((p) => p.metadata.name)).toEqual(["canary", "staging", "production"]);
    expect(classes.map((c) => [c.metadata.name, c.spec.amiSelectorTerms])).toEqual([
      ["canary", [{ alias: "al2023@v20240807" }]],
      ["staging", [{ alias: "al2023@v20240703" }]],
      ["production", [{ alias: "al2023@v20240703" }]],
    ]);
    expect(pools[0]).toMatchObject({
      apiVersion: "karpenter.sh/v1",
      spec: {
        template: {
          metadata: { labels: { "wavegate.dev/pool": "canary" } },
          spec: {
            nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "canary" },
            taints: [{ key: "wavegate.dev/pool", value: "canary", effect: "NoSchedule" }],
          },
        },
        disruption: { budgets: [{ nodes: "1" }] },
      },
    });
    expect(pools[1].spec.disruption.budgets).toEqual([{ nodes: "10%" }]);
    expect(pools[2].spec.disruption.budgets).toEqual([{ nodes: "5%" }]);
  });

  test("waves() uses the expected sizes and the taint's toleration", () => {
    const { built } = synth();
    expect(built.waves().map((w) => w.nodes)).toEqual([2, 20, 200]);
    expect(built.waves()[0].tolerations).toHaveLength(1);
  });

  test("AMI aliases: a newer AMI in a later wave is refused; malformed aliases and aliases without a class name their field", () => {
    const newer = [props.waves[0], { ...props.waves[1], amiAlias: "al2023@v20240901" }, props.waves[2]];
    expect(thrown(() => synth({ waves: newer })).field).toBe("waves[1].amiAlias");
    const malformed = [{ ...props.waves[0], amiAlias: "al2023" }, ...props.waves.slice(1)];
    expect(thrown(() => synth({ waves: malformed })).field).toBe("waves[0].amiAlias");
    expect(thrown(() => synth({ nodeClass: undefined })).message).toMatch(/needs an EC2NodeClass per wave/);
    const budget = [props.waves[0], props.waves[1], { ...props.waves[2], upgradeBudget: "20%" }];
    expect(thrown(() => synth({ waves: budget })).field).toBe("waves[2].upgradeBudget");
  });

  test("floating AMIs: a warning that Karpenter drifts those waves whenever an AMI is released", () => {
    const waves = props.waves.map((w) => ({ ...w, amiAlias: undefined }));
    const shared = warningsOf((s) => new KarpenterWavePools(s, "p", { waves }));
    expect(shared).toEqual([expect.stringMatching(/canary, staging, production pin no AMI/)]);
    const latest = [{ ...props.waves[0], amiAlias: "al2023@latest" }, ...props.waves.slice(1)];
    expect(warningsOf((s) => new KarpenterWavePools(s, "p", { ...props, waves: latest }))).toEqual([
      expect.stringMatching(/wave\(s\) canary pin no AMI/),
    ]);
    expect(warningsOf((s) => new KarpenterWavePools(s, "p", props))).toEqual([]);
  });
});
