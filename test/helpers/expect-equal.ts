/**
 * `expect(actual).toEqual(expected)`, for properties that compare values hundreds or thousands of times. Each `expect()`
 * builds every matcher (six closures each) and an error with a stack, and toEqual walks the values with
 * jasmineUtils' generic `eq` (custom testers, `hasKey`, `isA` at every node): in a 300-run round trip over generated
 * manifests that was a third of the test's time. {@link sameData} is stricter than toEqual, so where it holds
 * toEqual holds too and jest need not be asked; otherwise jest decides, with its usual message. The assertion is
 * exactly toEqual's.
 */
export function expectToEqual<T>(actual: unknown, expected: T): void {
  if (sameData(actual, expected)) return;
  expect(actual).toEqual(expected);
}

/**
 * `expect(actual).toBe(expected)`, for assertions made thousands of times (a property's inner loops): toBe is
 * `Object.is`, so jest is only asked when that fails, and then fails with its usual message.
 */
export function expectToBe<T>(actual: unknown, expected: T): void {
  if (Object.is(actual, expected)) return;
  expect(actual).toBe(expected);
}

/**
 * Whether two values are the same JSON-like data: primitives equal by `Object.is`, arrays of the same length with
 * no holes and the same items, and plain objects (prototype `Object.prototype` or `null`, no symbol keys) with the
 * same own enumerable keys (an `undefined` property counts) and the same values. Anything else (class instances,
 * dates, maps, symbol keys, ...) is "not the same" here, for jest to judge. Every pair this accepts, toEqual accepts (it ignores
 * `undefined` properties and object types, where this does not).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // No other keys (toEqual compares those too) and, with `in` below, no holes.
    if (Object.keys(a).length !== a.length || Object.keys(b).length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!(i in a) || !(i in b) || !sameData(a[i], b[i])) return false;
    }
    return true;
  }
  if (!isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
    if (!sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isPlain(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(o).length === 0;
}
