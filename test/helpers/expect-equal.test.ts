import fc from "fast-check";
import { expectToBe, expectToEqual, sameData } from "./expect-equal";

describe("expectToEqual: toEqual, asking jest only when the data differ", () => {
  /** A deep copy of JSON-like data into plain objects and arrays. */
  const copy = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(copy)
      : typeof v === "object" && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]))
        : v;

  test("property: whatever sameData accepts, toEqual accepts", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true }), fc.anything(), (a, b) => {
        if (sameData(a, b)) expect(a).toEqual(b);
        if (sameData(a, copy(a))) expect(a).toEqual(copy(a));
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  test("property: JSON-like data is the same data as its copy (the fast path is taken)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (a) => {
        expect(sameData(a, copy(a))).toBe(true);
        expect(a).toEqual(copy(a));
      }),
      { seed: 14, numRuns: 200 },
    );
  });

  test("JSON data and its parsed copy are the same data; a null-prototype object equals a plain one", () => {
    const data = { a: [1, "x", null, { b: true }], c: { d: -1.5 } };
    expect(sameData(data, JSON.parse(JSON.stringify(data)))).toBe(true);
    expect(sameData(Object.assign(Object.create(null), { k: "v" }), { k: "v" })).toBe(true);
  });

  test("what toEqual judges differently is left to it: undefined properties, holes, other types, -0", () => {
    expect(sameData({ a: undefined }, {})).toBe(false);
    expectToEqual({ a: undefined }, {}); // toEqual ignores undefined properties: passes
    // eslint-disable-next-line no-sparse-arrays
    expect(sameData([1, , 3], [1, undefined, 3])).toBe(false);
    expect(sameData(new Date(0), new Date(0))).toBe(false);
    expect(sameData(new Map(), {})).toBe(false);
    expect(sameData(0, -0)).toBe(false);
    expect(sameData(Object.assign([1], { extra: 2 }), [1])).toBe(false);
    expect(sameData({ [Symbol("s")]: 1 }, {})).toBe(false);
  });

  test("a difference still fails, with jest's message", () => {
    expect(() => expectToEqual({ a: [1, 2] }, { a: [1, 3] })).toThrow(/toEqual/);
    expect(() => expectToEqual({ a: 1 }, { a: 1, b: 2 })).toThrow(/toEqual/);
  });
});

describe("expectToBe: toBe, asking jest only when Object.is fails", () => {
  test("passes where toBe passes and fails where it fails, with jest's message", () => {
    expectToBe(true, true);
    expectToBe(NaN, NaN);
    const o = {};
    expectToBe(o, o);
    expect(() => expectToBe(0, -0)).toThrow(/toBe/);
    expect(() => expectToBe({}, {})).toThrow(/toBe/);
    expect(() => expectToBe(false, true)).toThrow(/toBe/);
  });
});
