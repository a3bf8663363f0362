import { appendAll } from "../../lib/inputs/collect";

describe("appendAll", () => {
  test("appends more items than fit in call arguments (push(...items) overflows the stack)", () => {
    const target = [0];
    const items = Array.from({ length: 300_000 }, (_, i) => i + 1);
    expect(() => target.push(...items)).toThrow(RangeError);
    appendAll(target, items);
    expect(target).toHaveLength(300_001);
    expect(target[300_000]).toBe(300_000);
  });
});
