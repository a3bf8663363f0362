/**
 * Prints one line per wave of every agent found in a synthesized CDKTF output (default `cdktf.out`):
 * `npm run example` runs `cdktf synth` and then this.
 */
import { loadInputs } from "../lib/inputs/load";
import { LoadedDaemonSet } from "../lib/inputs/types";
import { groupAgents } from "../lib/policy/agents";
import { runPolicy } from "../lib/policy/engine";
import { nodeSelectorOf } from "../lib/policy/rules/pool-selector";
import { describeSelector } from "../lib/model/node-selector";

function pool(ds: LoadedDaemonSet): string {
  const selector = nodeSelectorOf(ds);
  return selector === undefined ? `every node of cluster ${ds.cluster}` : describeSelector(selector);
}

async function main(): Promise<void> {
  const input = process.argv[2] ?? "cdktf.out";
  const load = await loadInputs([input]);
  const out: string[] = [
    `${input}: ${load.stacks.length} stack(s), ${load.daemonSets.length} DaemonSet(s) in ${load.files.length} file(s)`,
  ];
  for (const group of groupAgents(load.daemonSets)) {
    out.push("", `agent ${group.agent}`);
    const rows = group.daemonSets.map((ds) => {
      const meta = ds.manifest.metadata;
      const rolling = ds.manifest.spec.updateStrategy?.rollingUpdate;
      return [
        meta.labels?.["wavegate.dev/wave"] ?? "-",
        meta.name ?? "?",
        meta.annotations?.["wavegate.dev/version"] ?? "?",
        meta.annotations?.["wavegate.dev/nodes"] ?? "?",
        String(rolling?.maxUnavailable ?? "1"),
        String(ds.manifest.spec.minReadySeconds ?? 0) + "s",
        pool(ds),
      ];
    });
    const header = ["wave", "DaemonSet", "version", "nodes", "maxUnavail.", "minReady", "node pool"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows])
      out.push(
        "  " +
          row
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd(),
      );
  }
  const report = runPolicy(load);
  const failed = report.findings.filter((f) => f.outcome === "fail" && !f.suppressed);
  const count = (s: string) => failed.filter((f) => f.severity === s).length;
  out.push(
    "",
    `rollout policy: ${count("error")} error(s), ${count("warning")} warning(s) — details: npm run wavegate -- check ${input}`,
  );
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`summarize: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
