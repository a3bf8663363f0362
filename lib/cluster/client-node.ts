/**
 * Loads `@kubernetes/client-node` lazily: only `wavegate verify` / `rollback` pay for it (~0.6 s, an ES module),
 * never `wavegate check`. 1.x because 2.x needs Node >= 22.19 and wavegate supports Node 20.
 */
import type * as ClientNode from "@kubernetes/client-node";

/** The client-node module. */
export type ClientNodeModule = typeof ClientNode;

let loaded: Promise<ClientNodeModule> | undefined;

/** The client-node module, loaded once: `require` (Node >= 20.19 loads ES modules so), else a real `import()`. */
export function loadClientNode(): Promise<ClientNodeModule> {
  loaded ??= (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require("@kubernetes/client-node") as ClientNodeModule;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_REQUIRE_ESM") throw error;
      // TypeScript compiles `import()` to `require()` under CommonJS; this keeps a real dynamic import.
      const dynamicImport = new Function("specifier", "return import(specifier)") as (
        s: string,
      ) => Promise<ClientNodeModule>;
      return dynamicImport("@kubernetes/client-node");
    }
  })();
  return loaded;
}
