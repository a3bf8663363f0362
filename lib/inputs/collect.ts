/**
 * Appends every item of `items` to `target`. Unlike `target.push(...items)`, it does not pass the items as call
 * arguments, which overflows the stack at around 100,000 items (a large plan or a generated tf.json reaches that).
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
