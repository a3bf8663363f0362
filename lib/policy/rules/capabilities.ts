import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { normalizeCapability } from "../../model/capabilities";
import {
  ContainerAt,
  containersOf,
  factsOf,
  isObject,
  knownList,
  knownObject,
  UnknownValue,
} from "../accessors";

/** One container's added and dropped capabilities, normalized (`CAP_BPF` -> `BPF`). */
export interface ContainerCapabilities {
  /** The container. */
  readonly at: ContainerAt;
  /** Added capabilities. */
  readonly add: readonly string[];
  /** Dropped capabilities. */
  readonly drop: readonly string[];
}

const WITH_INIT = { init: true } as const;

/** Both lists of one DaemonSet: every container's (init containers first), and the plain containers' (the tail). */
interface CapabilityLists {
  readonly all: readonly ContainerCapabilities[];
  readonly plain: readonly ContainerCapabilities[];
}

/**
 * The capabilities of every container (init containers first, with `init`). Computed once per DaemonSet for all
 * containers; the plain containers are the tail of that list.
 */
export function capabilitiesOf(
  ds: LoadedDaemonSet,
  options?: { init?: boolean },
): readonly ContainerCapabilities[] {
  const facts = factsOf(ds);
  let lists = facts.capabilities as CapabilityLists | undefined;
  if (lists === undefined) {
    const containers = containersOf(ds, WITH_INIT);
    const all = new Array<ContainerCapabilities>(containers.length);
    for (let i = 0; i < containers.length; i++) all[i] = read(containers[i]);
    const plainCount = containersOf(ds).length;
    lists = { all, plain: plainCount === all.length ? all : all.slice(all.length - plainCount) };
    facts.capabilities = lists;
  }
  return options !== undefined && options.init ? lists.all : lists.plain;
}

// Field paths are built only for a value that cannot be read (then `knownObject` / `knownList` throw with them).
function read(at: ContainerAt): ContainerCapabilities {
  const rawSc = at.container.securityContext;
  const sc = isObject(rawSc) ? rawSc : (knownObject(rawSc, `${at.field}.securityContext`) ?? {});
  const rawCaps = sc.capabilities;
  const caps = isObject(rawCaps)
    ? rawCaps
    : (knownObject(rawCaps, `${at.field}.securityContext.capabilities`) ?? {});
  return { at, add: names(caps.add, at, "add"), drop: names(caps.drop, at, "drop") };
}

/** A capability list, normalized; an item's field path is built only when the item is unknown. */
function names(value: unknown, at: ContainerAt, which: "add" | "drop"): string[] {
  const list: unknown[] = Array.isArray(value)
    ? value
    : knownList(value, `${at.field}.securityContext.capabilities.${which}`);
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (isUnknown(c)) {
      throw new UnknownValue(`${at.field}.securityContext.capabilities.${which}[${i}]`, String(c));
    }
    out[i] = normalized(String(c));
  }
  return out;
}

/** `normalizeCapability` by name, memoized (bounded): a fleet names a handful of capabilities. */
const normalizedNames = new Map<string, string>();

function normalized(name: string): string {
  let n = normalizedNames.get(name);
  if (n === undefined) {
    n = normalizeCapability(name);
    if (normalizedNames.size >= 1000) normalizedNames.clear();
    normalizedNames.set(name, n);
  }
  return n;
}
