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

/**
 * The capabilities of every container (init containers first, with `init`). Computed once per DaemonSet for all
 * containers; the plain containers are the tail of that list.
 */
export function capabilitiesOf(
  ds: LoadedDaemonSet,
  options: { init?: boolean } = {},
): readonly ContainerCapabilities[] {
  const facts = factsOf(ds);
  let all = facts.capabilities as readonly ContainerCapabilities[] | undefined;
  if (all === undefined) {
    all = containersOf(ds, { init: true }).map(read);
    facts.capabilities = all;
  }
  return options.init ? all : all.slice(all.length - containersOf(ds).length);
}

function read(at: ContainerAt): ContainerCapabilities {
  const base = `${at.field}.securityContext`;
  const sc = knownObject(at.container.securityContext, base) ?? {};
  const caps = knownObject(sc.capabilities, `${base}.capabilities`) ?? {};
  const list = (name: "add" | "drop") =>
    knownList(caps[name], `${base}.capabilities.${name}`).map((c, i) =>
      normalizeCapability(String(known(c, `${base}.capabilities.${name}[${i}]`))),
    );
  return { at, add: list("add"), drop: list("drop") };
}
