import fc from "fast-check";
import {
  kernelAtLeastTerms,
  kernelBelow,
  NFD_KERNEL_LABELS,
  parseKernelVersion,
} from "../../../lib/model/ebpf";
import { NodeSelectorRequirement, NodeSelectorTerm, ValidationError } from "../../../lib/model";

/** Kubernetes node affinity semantics for the operators the kernel terms use (Gt compares integers). */
function matches(terms: NodeSelectorTerm[], labels: Record<string, string>): boolean {
  const one = (r: NodeSelectorRequirement) => {
    const v = labels[r.key];
    if (v === undefined) return false;
    if (r.operator === "In") return (r.values ?? []).includes(v);
    if (r.operator === "Gt") return Number(v) > Number((r.values ?? [])[0]);
    throw new Error(`unexpected operator ${r.operator}`);
  };
  return terms.some((t) => (t.matchExpressions ?? []).every(one));
}

describe("parseKernelVersion", () => {
  test.each([
    ["5.8", 5, 8],
    ["5.15.0", 5, 15],
    ["6.1.55-75.123.amzn2023.x86_64", 6, 1],
    ["4.18.0-513.el8", 4, 18],
    [" 5.10 ", 5, 10],
  ])("%s -> %i.%i", (text, major, minor) => {
    expect(parseKernelVersion(text)).toEqual({ major, minor });
  });

  test.each(["5", "five.eight", "", "v5.8", "5.x"])("%p is refused with the field name", (text) => {
    expect(() => parseKernelVersion(text, "minKernel")).toThrow(ValidationError);
    expect(() => parseKernelVersion(text, "minKernel")).toThrow(/^minKernel: .* is not a kernel version/);
  });
});

describe("kernelBelow", () => {
  test("compares major, then minor (5.10 is newer than 5.8)", () => {
    expect(kernelBelow({ major: 5, minor: 8 }, { major: 5, minor: 10 })).toBe(true);
    expect(kernelBelow({ major: 5, minor: 10 }, { major: 5, minor: 8 })).toBe(false);
    expect(kernelBelow({ major: 4, minor: 19 }, { major: 5, minor: 0 })).toBe(true);
    expect(kernelBelow({ major: 5, minor: 8 }, { major: 5, minor: 8 })).toBe(false);
  });
});

describe("kernelAtLeastTerms (NFD kernel-version labels)", () => {
  test("5.8: major > 5, or major 5 and minor > 7", () => {
    expect(kernelAtLeastTerms({ major: 5, minor: 8 })).toEqual([
      { matchExpressions: [{ key: NFD_KERNEL_LABELS.major, operator: "Gt", values: ["5"] }] },
      {
        matchExpressions: [
          { key: NFD_KERNEL_LABELS.major, operator: "In", values: ["5"] },
          { key: NFD_KERNEL_LABELS.minor, operator: "Gt", values: ["7"] },
        ],
      },
    ]);
  });

  test("6.0: one term, major > 5", () => {
    expect(kernelAtLeastTerms({ major: 6, minor: 0 })).toEqual([
      { matchExpressions: [{ key: NFD_KERNEL_LABELS.major, operator: "Gt", values: ["5"] }] },
    ]);
  });

  test("property: a node matches exactly when its kernel is at least the minimum", () => {
    const version = fc.record({
      major: fc.integer({ min: 3, max: 7 }),
      minor: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(version, version, (min, node) => {
        const labels = {
          [NFD_KERNEL_LABELS.major]: String(node.major),
          [NFD_KERNEL_LABELS.minor]: String(node.minor),
        };
        expect(matches(kernelAtLeastTerms(min), labels)).toBe(!kernelBelow(node, min));
      }),
    );
  });

  test("a node without NFD labels matches nothing", () => {
    expect(matches(kernelAtLeastTerms({ major: 5, minor: 8 }), {})).toBe(false);
  });
});
