import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseLedger } from "../../lib/release";
import { NEW, scenario, verifyArgs } from "./harness";

// In this process (s.runIn: the CLI's runCli, as the binary calls it), client-node loaded from a CommonJS bundle of
// it (test/cluster/harness.ts); verify-scenarios.test.ts runs the binary as a child process.
jest.mock("@kubernetes/client-node", () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.requireActual((require("./harness") as typeof import("./harness")).clientNodeBundle()),
);

jest.setTimeout(120_000);

describe("wavegate verify --record (API test double, real CLI)", () => {
  test("a verified canary is appended to the ledger with its version, evidence and actor", async () => {
    const s = await scenario({});
    try {
      const { code, stderr } = await s.runIn(verifyArgs(s, ["--record", "wavegate.ledger.jsonl"]));
      expect(code).toBe(0);
      expect(stderr).toMatch(/recorded verified v2\.0\.0 in wavegate\.ledger\.jsonl:1/);
      const ledger = parseLedger(readFileSync(path.join(s.dir, "wavegate.ledger.jsonl"), "utf8"), "l");
      expect(ledger.entries).toHaveLength(1);
      expect(ledger.entries[0]).toMatchObject({
        event: "verified",
        agent: "agent",
        wave: "canary",
        version: NEW,
        evidence: { verdict: "verified", daemonSet: "agent-canary", counts: { desired: 3 } },
      });
    } finally {
      await s.stop();
    }
  });
});
