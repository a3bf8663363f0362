import fc from "fast-check";
import {
  checkEbpfPodSpec,
  EBPF_PROGRAM_KINDS,
  EbpfChoices,
  ebpfPrivilegeProfile,
  sortCapabilities,
} from "../../../lib/model/ebpf";
import { protectedHostPath, ValidationError } from "../../../lib/model";

const names = (c: EbpfChoices) => ebpfPrivilegeProfile(c).capabilities.map((g) => g.name);

describe("ebpfPrivilegeProfile", () => {
  test("tracing on the default kernel (5.8): BPF, PERFMON, SYS_RESOURCE", () => {
    expect(names({ programs: ["tracing"] })).toEqual(["BPF", "PERFMON", "SYS_RESOURCE"]);
  });

  test("networking on 5.11+: BPF and NET_ADMIN, no PERFMON", () => {
    expect(names({ programs: ["networking"], minKernel: "5.11" })).toEqual(["BPF", "NET_ADMIN"]);
  });

  test("lsm: BPF and PERFMON, securityfs read-only, and a stated node requirement", () => {
    const p = ebpfPrivilegeProfile({ programs: ["lsm"], minKernel: "6.1" });
    expect(p.capabilities.map((c) => c.name)).toEqual(["BPF", "PERFMON"]);
    expect(p.volumeMounts).toContainEqual({
      name: "securityfs",
      mountPath: "/sys/kernel/security",
      readOnly: true,
    });
    expect(p.nodeRequirements).toEqual([expect.stringMatching(/bpf LSM is active/)]);
  });

  test("processVisibility: SYS_PTRACE, DAC_READ_SEARCH and host /proc read-only at /host/proc", () => {
    const p = ebpfPrivilegeProfile({ programs: ["tracing"], minKernel: "5.15", processVisibility: true });
    expect(p.capabilities.map((c) => c.name)).toEqual(["BPF", "PERFMON", "SYS_PTRACE", "DAC_READ_SEARCH"]);
    expect(p.volumes).toContainEqual({ name: "host-proc", hostPath: { path: "/proc", type: "Directory" } });
    expect(p.volumeMounts).toContainEqual({ name: "host-proc", mountPath: "/host/proc", readOnly: true });
  });

  test("below 5.8: SYS_ADMIN replaces BPF/PERFMON, with the reason in its why, and escalation allowed", () => {
    const p = ebpfPrivilegeProfile({
      programs: ["tracing"],
      minKernel: "4.18",
      allowSysAdmin: { reason: "RHEL 8 nodes run 4.18" },
    });
    expect(p.capabilities.map((c) => c.name)).toEqual(["SYS_ADMIN", "SYS_RESOURCE"]);
    expect(p.capabilities[0].why).toMatch(/RHEL 8 nodes run 4.18/);
    expect(p.securityContext.allowPrivilegeEscalation).toBe(true);
  });

  test("below 5.8 without allowSysAdmin is refused, naming minKernel", () => {
    expect(() => ebpfPrivilegeProfile({ programs: ["tracing"], minKernel: "5.7" })).toThrow(
      /^minKernel: kernel 5.7 predates CAP_BPF/,
    );
  });

  test("program kinds are deduplicated and ordered", () => {
    expect(ebpfPrivilegeProfile({ programs: ["lsm", "tracing", "lsm"] }).programs).toEqual([
      "tracing",
      "lsm",
    ]);
  });

  test("every capability comes with a reason", () => {
    const p = ebpfPrivilegeProfile({
      programs: [...EBPF_PROGRAM_KINDS],
      processVisibility: true,
      minKernel: "5.8",
    });
    for (const c of p.capabilities) expect(c.why.length).toBeGreaterThan(10);
  });
});

describe("sortCapabilities", () => {
  test("normalises, deduplicates, and orders the eBPF capabilities first", () => {
    expect(sortCapabilities(["cap_net_raw", "PERFMON", "CAP_BPF", "bpf", "CHOWN"])).toEqual([
      "BPF",
      "PERFMON",
      "CHOWN",
      "NET_RAW",
    ]);
  });
});

describe("ebpfPrivilegeProfile properties", () => {
  const kernels = ["4.18", "5.4", "5.7", "5.8", "5.10", "5.11", "5.15", "6.1", "6.8"];
  const choices = fc.record({
    programs: fc.subarray([...EBPF_PROGRAM_KINDS], { minLength: 1 }),
    processVisibility: fc.boolean(),
    minKernel: fc.constantFrom(...kernels),
    sysAdmin: fc.boolean(),
  });
  const below = (k: string, major: number, minor: number) => {
    const [a, b] = k.split(".").map(Number);
    return a < major || (a === major && b < minor);
  };

  test("the capability set follows the rules exactly, and the result passes every refusal", () => {
    fc.assert(
      fc.property(choices, (c) => {
        const input: EbpfChoices = {
          programs: c.programs,
          processVisibility: c.processVisibility,
          minKernel: c.minKernel,
          allowSysAdmin: c.sysAdmin ? { reason: "stated reason for the test" } : undefined,
        };
        const needsSysAdmin = below(c.minKernel, 5, 8);
        const lsmTooOld = c.programs.includes("lsm") && below(c.minKernel, 5, 7);
        if ((needsSysAdmin && !c.sysAdmin) || lsmTooOld) {
          expect(() => ebpfPrivilegeProfile(input)).toThrow(ValidationError);
          return;
        }
        const p = ebpfPrivilegeProfile(input);
        const caps = new Set(p.capabilities.map((g) => g.name));
        const expected = new Set<string>();
        if (c.sysAdmin) expected.add("SYS_ADMIN");
        if (!needsSysAdmin) expected.add("BPF");
        if (!needsSysAdmin && (c.programs.includes("tracing") || c.programs.includes("lsm")))
          expected.add("PERFMON");
        if (c.programs.includes("networking")) expected.add("NET_ADMIN");
        if (below(c.minKernel, 5, 11)) expected.add("SYS_RESOURCE");
        if (c.processVisibility) ["SYS_PTRACE", "DAC_READ_SEARCH"].forEach((x) => expected.add(x));
        expect(caps).toEqual(expected);

        const sc = p.securityContext;
        expect(sc.privileged).toBe(false);
        expect(sc.readOnlyRootFilesystem).toBe(true);
        expect(sc.runAsUser).toBe(0);
        expect(sc.capabilities?.drop).toEqual(["ALL"]);
        expect(sc.allowPrivilegeEscalation).toBe(c.sysAdmin);
        // every writable host mount is allowed (only /sys/fs/bpf is writable)
        for (const m of p.volumeMounts.filter((x) => x.readOnly !== true)) {
          const path = p.volumes.find((v) => v.name === m.name)?.hostPath?.path;
          expect(path === undefined || protectedHostPath(path) === undefined).toBe(true);
        }
        expect(() =>
          checkEbpfPodSpec(
            {
              containers: [{ name: "a", securityContext: sc, volumeMounts: [...p.volumeMounts] }],
              volumes: [...p.volumes],
            },
            { sysAdminAllowed: c.sysAdmin },
          ),
        ).not.toThrow();
      }),
    );
  });
});
