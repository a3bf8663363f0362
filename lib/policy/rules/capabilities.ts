import { LoadedDaemonSet } from "../../inputs/types";
import { normalizeCapability } from "../../model/capabilities";
import { ContainerAt, containersOf, known, knownList, knownObject } from "../accessors";

/** One container's added and dropped capabilities, normalized (`CAP_BPF` -> `BPF`). */
export interface ContainerCapabilities {
  /** The container. */
  readonly at: ContainerAt;
  /** Added capabilities. */
  readonly add: string[];
  /** Dropped capabilities. */
  readonly drop: string[];
}

/** The capabilities of every container (init containers first, with `init`). */
export function capabilitiesOf(
  ds: LoadedDaemonSet,
  options: { init?: boolean } = {},
): ContainerCapabilities[] {
  return containersOf(ds, options).map((at) => {
    const base = `${at.field}.securityContext`;
    const sc = knownObject(at.container.securityContext, base) ?? {};
    const caps = knownObject(sc.capabilities, `${base}.capabilities`) ?? {};
    const list = (name: "add" | "drop") =>
      knownList(caps[name], `${base}.capabilities.${name}`).map((c, i) =>
        normalizeCapability(String(known(c, `${base}.capabilities.${name}[${i}]`))),
      );
    return { at, add: list("add"), drop: list("drop") };
  });
}
