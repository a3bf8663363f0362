import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { normalizeCapability } from "../../model/capabilities";
import { ContainerAt, containersOf, factsOf, knownList, knownObject, UnknownValue } from "../accessors";

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
  return {
    at,
    add: names(caps.add, `${base}.capabilities.add`),
    drop: names(caps.drop, `${base}.capabilities.drop`),
  };
}

/** A capability list, normalized; an item's field path is built only when the item is unknown. */
function names(value: unknown, field: string): string[] {
  const list = knownList(value, field);
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (isUnknown(c)) throw new UnknownValue(`${field}[${i}]`, String(c));
    out[i] = normalizeCapability(String(c));
  }
  return out;
}
