import { containersOf, knownBoolean, knownObject } from "../accessors";
import { Rule } from "../types";
import { failIfAny, judge } from "./result";

/** Rule ID: no privileged container. */
export const WG201 = "WG201";

/** WG201: no container (init containers included) is privileged. */
export const privilegedRule: Rule = {
  id: WG201,
  name: "NoPrivilegedContainer",
  severity: "error",
  title: "No container is privileged",
  why:
    "A privileged container has every capability and every host device: a faulty agent can do anything a kernel " +
    "module could, which is what an eBPF agent is meant to avoid.",
  fix: 'Set privileged = false and add only the capabilities the agent needs (e.g. "BPF", "PERFMON"), dropping ALL.',
  example: {
    fails: ["container {", '  name = "agent"', "  security_context { privileged = true }", "}"].join("\n"),
    passes: [
      "container {",
      '  name = "agent"',
      "  security_context {",
      "    privileged = false",
      '    capabilities { drop = ["ALL"]  add = ["BPF", "PERFMON"] }',
      "  }",
      "}",
    ].join("\n"),
  },
  check(ctx) {
    return judge(ctx, (ds) => {
      const problems: string[] = [];
      let at: string | undefined;
      for (const { container, field, label } of containersOf(ds, { init: true })) {
        const sc = knownObject(container.securityContext, `${field}.securityContext`) ?? {};
        if (knownBoolean(sc.privileged, `${field}.securityContext.privileged`) === true) {
          problems.push(`${label} is privileged`);
          at ??= `${field}.securityContext.privileged`;
        }
      }
      return failIfAny(ds, problems, undefined, at);
    });
  },
};
