import { formatDuration } from "./duration";
import { shortHash } from "./release-file";
import { AgentStatus, WaveStatus } from "./status";

/** Formats of `wavegate status`. */
export const STATUS_FORMATS = ["text", "json", "markdown"] as const;

/** One status format. */
export type StatusFormat = (typeof STATUS_FORMATS)[number];

const HEADERS = ["wave", "version", "content", "since", "verified", "bake left"];

function cells(w: WaveStatus): string[] {
  const verified = w.blocked
    ? "BLOCKED"
    : w.outcome === undefined
      ? "no"
      : w.outcome === "verified"
        ? `yes (${w.verifiedSince})`
        : w.outcome;
  const bake =
    w.bakeLeftSeconds === undefined
      ? "-"
      : w.bakeLeftSeconds === 0
        ? "baked"
        : formatDuration(w.bakeLeftSeconds);
  return [
    w.cluster ? `${w.wave} (${w.cluster})` : w.wave,
    w.release.version,
    w.release.contentHash ? shortHash(w.release.contentHash) : "-",
    w.since ?? "-",
    verified,
    bake,
  ];
}

function nextLines(s: AgentStatus): string[] {
  if (s.next.length === 0) return ["every wave runs the same release: nothing to promote"];
  return s.next.map((n) => {
    const head = `${n.from} -> ${n.to}: ${n.release.version}${n.release.contentHash ? ` + ${shortHash(n.release.contentHash)}` : ""}`;
    if (n.eligible) return `${head}: eligible now (wavegate promote ${s.agent} --to ${n.to})`;
    const when = n.eligibleAt ? `eligible at ${n.eligibleAt}` : "not eligible";
    return `${head}: ${when}: ${n.missing.join("; ")}`;
  });
}

/** Renders the status as text (aligned table), JSON or Markdown. */
export function renderStatus(status: readonly AgentStatus[], format: StatusFormat, now: Date): string {
  if (format === "json") return `${JSON.stringify({ now: now.toISOString(), agents: status }, null, 2)}\n`;
  const out: string[] = [];
  for (const s of status) {
    const title = s.cluster ? `${s.agent} (cluster ${s.cluster})` : s.agent;
    const rows = s.waves.map(cells);
    if (format === "markdown") {
      out.push(`### ${title}`, "");
      out.push(`| ${HEADERS.join(" | ")} |`, `| ${HEADERS.map(() => "---").join(" | ")} |`);
      for (const r of rows) out.push(`| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`);
      out.push("", ...nextLines(s).map((l) => `- ${l}`), "");
    } else {
      out.push(title);
      const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd();
      out.push(line(HEADERS), ...rows.map(line));
      out.push(...nextLines(s).map((l) => `  next: ${l}`), "");
    }
  }
  return `${out.join("\n")}\n`;
}
