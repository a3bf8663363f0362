import { FORBIDDEN_CAPABILITIES } from "../../model/capabilities";
import { LoadedDaemonSet } from "../../inputs/types";
import { Rule, RuleResult } from "../types";
import { capabilitiesOf, ContainerCapabilities } from "./capabilities";
import { failIfAny, judge, pass } from "./result";

/** Rule ID: no capability that loads kernel code. */
export const WG202 = "WG202";

/** WG202: no container adds SYS_MODULE or ALL. */
export const forbiddenCapabilitiesRule: Rule = {
  id: WG202,
  name: "NoKernelModuleCapability",
  severity: "error",
  title: "No container adds SYS_MODULE or ALL",
  why:
    "SYS_MODULE loads kernel modules, the exact thing eBPF replaces: a module's crash is a kernel panic and a boot " +
    "loop. ALL includes SYS_MODULE.",
  fix: "Remove SYS_MODULE / ALL from capabilities.add; an eBPF agent needs BPF and PERFMON (NET_ADMIN for networking).",
  example: {
    fails: 'security_context { capabilities { add = ["SYS_MODULE"] } }',
    passes: 'security_context { capabilities { drop = ["ALL"]  add = ["BPF", "PERFMON"] } }',
  },
  check(ctx) {
    return judge(ctx, (ds) =>
      addsForbidden(capabilitiesOf(ds, WITH_INIT)) ? judgeForbiddenCapabilitiesInFull(ds) : pass(ds),
    );
  },
};

/** The general path of WG202 (the rule passes a DaemonSet no container of which adds a forbidden capability). */
export function judgeForbiddenCapabilitiesInFull(ds: LoadedDaemonSet): RuleResult {
  const all = capabilitiesOf(ds, WITH_INIT);
  const problems: string[] = [];
  let field: string | undefined;
  for (const { at, add } of all) {
    for (const c of add) {
      const why = FORBIDDEN_CAPABILITIES[c];
      if (why !== undefined) problems.push(`${at.label} adds ${c}: ${why}`);
      if (why !== undefined) field ??= `${at.field}.securityContext.capabilities.add[${add.indexOf(c)}]`;
    }
  }
  return failIfAny(ds, problems, undefined, field);
}

const WITH_INIT = { init: true } as const;

/** True when some container adds a forbidden capability. */
function addsForbidden(all: readonly ContainerCapabilities[]): boolean {
  for (let i = 0; i < all.length; i++) {
    const add = all[i].add;
    for (let j = 0; j < add.length; j++) if (FORBIDDEN_CAPABILITIES[add[j]] !== undefined) return true;
  }
  return false;
}
