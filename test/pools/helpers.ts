import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../lib";

/** Parsed Terraform JSON. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The ValidationError `fn` throws (fails the test when it throws nothing or something else). */
export function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

/** Synthesizes what `build` creates; returns the Terraform JSON and what `build` returned. */
export function synthWith<T>(build: (scope: Construct) => T): { json: Json; built: T } {
  let built: T | undefined;
  const out = Testing.synthScope((scope) => {
    built = build(scope);
  });
  return { json: JSON.parse(out), built: built as T };
}

/** Construct-time warnings of `build`'s construct. */
export function warningsOf(build: (stack: TerraformStack) => Construct): string[] {
  const stack = new TerraformStack(Testing.app(), "s");
  return build(stack)
    .node.metadata.filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
}
