import {
  EBPF_CAPABILITIES,
  FORBIDDEN_CAPABILITIES,
  REASON_REQUIRED_CAPABILITIES,
} from "../../model/capabilities";
import { statedReason } from "../accessors";
import { LoadedDaemonSet } from "../../inputs/types";
import { Rule, RuleResult } from "../types";
import { capabilitiesOf, ContainerCapabilities } from "./capabilities";
import { failIfAny, judge, pass } from "./result";

/** Rule ID: least-privilege capabilities. */
export const WG203 = "WG203";

/** WG203: containers drop ALL and add only eBPF capabilities; SYS_ADMIN only with a stated reason. */
export const leastCapabilitiesRule: Rule = {
  id: WG203,
  name: "LeastCapabilities",
  severity: "warning",
  title: "Containers drop ALL and add only eBPF capabilities (SYS_ADMIN only with a stated reason)",
  why:
    "Every extra capability widens what a faulty or compromised agent can do to the node; SYS_ADMIN is most of " +
    "root and is needed only on kernels older than 5.8 (no CAP_BPF / CAP_PERFMON).",
  fix:
    'Set capabilities.drop = ["ALL"] and add only BPF, PERFMON (NET_ADMIN, SYS_RESOURCE, SYS_PTRACE, ' +
    "DAC_READ_SEARCH where needed); for SYS_ADMIN state why in the wavegate.dev/allow-sys-admin annotation.",
  example: {
    fails: 'security_context { capabilities { add = ["SYS_ADMIN", "NET_RAW"] } }',
    passes: [
      'metadata { annotations = { "wavegate.dev/allow-sys-admin" = "kernel 5.4 fleet: bpf() needs SYS_ADMIN" } }',
      'security_context { capabilities { drop = ["ALL"]  add = ["SYS_ADMIN"] } }',
    ].join("\n"),
  },
  check(ctx) {
    return judge(ctx, (ds) =>
      leastPrivilege(capabilitiesOf(ds, WITH_INIT), capabilitiesOf(ds))
        ? pass(ds)
        : judgeLeastCapabilitiesInFull(ds),
    );
  },
};

/** The general path of WG203 (the rule passes a DaemonSet `leastPrivilege` clears at once). */
export function judgeLeastCapabilitiesInFull(ds: LoadedDaemonSet): RuleResult {
  const all = capabilitiesOf(ds, WITH_INIT);
  const problems: string[] = [];
  let field: string | undefined;
  for (const { at, add } of all) {
    for (const cap of add) {
      if (FORBIDDEN_CAPABILITIES[cap] !== undefined || EBPF_CAPABILITIES[cap] !== undefined) continue;
      const capField = `${at.field}.securityContext.capabilities.add[${add.indexOf(cap)}]`;
      if (REASON_REQUIRED_CAPABILITIES[cap] !== undefined) {
        const annotation = `wavegate.dev/allow-${cap.toLowerCase().replace(/_/g, "-")}`;
        if (statedReason(ds, cap.toLowerCase().replace(/_/g, "-")) === undefined) {
          problems.push(
            `${at.label} adds ${cap} (${REASON_REQUIRED_CAPABILITIES[cap]}) without a ` +
              `reason in the ${annotation} annotation`,
          );
          field ??= capField;
        }
        continue;
      }
      problems.push(`${at.label} adds ${cap}, outside the eBPF allow-list`);
      field ??= capField;
    }
  }
  for (const { at, drop } of capabilitiesOf(ds)) {
    if (!drop.includes("ALL")) problems.push(`${at.label} does not drop ALL capabilities`);
    if (!drop.includes("ALL")) field ??= `${at.field}.securityContext.capabilities.drop`;
  }
  return failIfAny(ds, problems, undefined, field);
}

const WITH_INIT = { init: true } as const;

/**
 * True when the full check finds nothing: every added capability is forbidden (WG202's) or an eBPF one, and every
 * plain container drops ALL.
 */
function leastPrivilege(
  all: readonly ContainerCapabilities[],
  plain: readonly ContainerCapabilities[],
): boolean {
  for (let i = 0; i < all.length; i++) {
    const add = all[i].add;
    for (let j = 0; j < add.length; j++) {
      const cap = add[j];
      if (FORBIDDEN_CAPABILITIES[cap] === undefined && EBPF_CAPABILITIES[cap] === undefined) return false;
    }
  }
  for (let i = 0; i < plain.length; i++) if (!plain[i].drop.includes("ALL")) return false;
  return true;
}
