import { LoadedDaemonSet } from "../../inputs/types";
import { normalizeCapability } from "../../model/capabilities";
import { ContainerAt, containersOf, factsOf, known, knownList, knownObject } from "../accessors";

/** One container's added and dropped capabilities, normalized (`CAP_BPF` -> `BPF`). */
export interface ContainerCapabilities {
  /** The container. */
  readonly at: ContainerAt;
  /** Added capabilities. */
  readonly add: readonly string[];
  /** Dropped capabilities. */
  readonly drop: readonly string[];
}

/** The capabilities of every container (init containers first, with `init`); computed once per container. */
export function capabilitiesOf(
  ds: LoadedDaemonSet,
  options: { init?: boolean } = {},
): ContainerCapabilities[] {
  const facts = factsOf(ds);
  const cache = (facts.capabilities ??= new Map()) as Map<ContainerAt, ContainerCapabilities>;
  return containersOf(ds, options).map((at) => {
    const hit = cache.get(at);
    if (hit !== undefined) return hit;
    const base = `${at.field}.securityContext`;
    const sc = knownObject(at.container.securityContext, base) ?? {};
    const caps = knownObject(sc.capabilities, `${base}.capabilities`) ?? {};
    const list = (name: "add" | "drop") =>
      knownList(caps[name], `${base}.capabilities.${name}`).map((c, i) =>
        normalizeCapability(String(known(c, `${base}.capabilities.${name}[${i}]`))),
      );
    const result: ContainerCapabilities = { at, add: list("add"), drop: list("drop") };
    cache.set(at, result);
    return result;
  });
}
