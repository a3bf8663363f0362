import fc from "fast-check";
import { SourceRef } from "../../../lib/inputs/types";
import { PerSource } from "../../../lib/policy/reporters/per-source";
import { Finding } from "../../../lib/policy/types";
import { F } from "./fixture";
import { expectToBe } from "../../helpers/expect-equal";

describe("PerSource", () => {
  test("gives each source the value made from its first finding, made once, in any order (property)", () => {
    const sources: SourceRef[] = [0, 1, 2, 3].map((i) => ({
      file: "f",
      format: "tf-json",
      address: `a${i}`,
    }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.nat({ max: 3 }), { maxLength: 40 }),
          // Rule after rule in the same order of DaemonSets, as the engine writes them.
          fc.integer({ min: 1, max: 4 }).map((rules) => Array.from({ length: rules * 4 }, (_, i) => i % 4)),
        ),
        (order) => {
          const findings: Finding[] = order.map((i, n) => ({
            ...F.legacyFail,
            source: sources[i],
            name: `n${n}`,
          }));
          const made: string[] = [];
          const perSource = new PerSource((f) => {
            made.push(f.source.address);
            return `${f.source.address}:${f.name}`;
          });
          const first = new Map<SourceRef, string>();
          for (const f of findings) {
            if (!first.has(f.source)) first.set(f.source, `${f.source.address}:${f.name}`);
            expectToBe(perSource.get(f), first.get(f.source));
          }
          expect(made).toEqual([...first.keys()].map((s) => s.address));
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });
});
