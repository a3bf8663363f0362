/**
 * What `wavegate verify` prints: on a terminal, a live display (updated / available / desired, NotReady nodes,
 * restarts, bake time left) drawn with log-update; otherwise (CI, pipes, `NO_COLOR`), plain timestamped lines, one
 * per signal change. Then the report: text, or the JSON `VerifyReport`.
 */
import { Decision, VerdictEngine } from "../../verify/engine";
import { SignalEvent, VerifyReport } from "../../verify/report";
import { CliIo } from "../io";

/** A progress sink. */
export interface Progress {
  /** After every evaluation. */
  update(engine: VerdictEngine, decision: Decision): void;
  /** A line of its own (rollback steps, warnings). */
  line(text: string): void;
  /** Ends the live display. */
  done(): void;
}

/** Plain timestamped lines on `write` (stderr): one per new signal event. */
export function plainProgress(write: (text: string) => void, label: string): Progress {
  let shown = 0;
  return {
    update(engine) {
      for (; shown < engine.events.length; shown++) write(`${formatEvent(engine.events[shown], label)}\n`);
    },
    line(text) {
      write(`${new Date().toISOString()} ${label} ${text}\n`);
    },
    done() {},
  };
}

/** The live display on a terminal stream (log-update, loaded only here). */
export async function ttyProgress(stream: NodeJS.WriteStream, label: string): Promise<Progress> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLogUpdate } = require("log-update") as typeof import("log-update");
  const render = createLogUpdate(stream, { showCursor: true });
  const lines: string[] = [];
  return {
    update(engine, decision) {
      const c = engine.counts();
      const bake = engine.bakeLeftSeconds();
      const last = engine.events.slice(-3).map((e) => `  ${e.at.slice(11, 19)} ${e.signal}: ${e.message}`);
      render(
        [
          ...lines,
          `${label}  updated ${c.updated ?? "?"}/${c.desired ?? "?"}  available ${c.available ?? "?"}/${c.desired ?? "?"}  ` +
            `NotReady ${engine.failedNodes.length}  restarts ${engine.restarts()}  ` +
            (bake === undefined ? "rolling out" : `bake ${formatSeconds(bake)} left`),
          `  ${decision.verdict}: ${decision.message}`,
          ...last,
        ].join("\n"),
      );
    },
    line(text) {
      lines.push(text);
    },
    done() {
      render.done();
    },
  };
}

function formatEvent(e: SignalEvent, label: string): string {
  return `${e.at} ${label} ${e.signal} ${e.status}: ${e.message}`;
}

function formatSeconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The text report. */
export function renderVerifyText(r: VerifyReport): string {
  const c = r.counts;
  const out = [
    `wavegate verify: ${r.agent}/${r.wave} (${r.namespace}/${r.daemonSet}, cluster ${r.cluster}) ${r.verdict.toUpperCase()}: ${r.reason}`,
    `  expected: ${r.expectedImage ?? r.expectedVersion ?? "(not stated)"}`,
    `  rollout: ${c.updated ?? "?"} updated, ${c.available ?? "?"} available of ${c.desired ?? "?"} desired; ${c.poolNodes} pool nodes (${c.readyAtStart} Ready at start)`,
    `  time: ${r.startedAt} -> ${r.finishedAt}${r.rolloutCompletedAt ? `; rollout complete ${r.rolloutCompletedAt}` : ""}`,
  ];
  if (r.failedNodes.length > 0) out.push(`  failed nodes: ${r.failedNodes.join(", ")}`);
  const rev = r.revisions;
  if (rev.current || rev.previous) {
    out.push(
      `  revisions: current ${rev.current?.name ?? "?"}${rev.previous ? `, previous ${rev.previous.name}` : ""}`,
    );
  }
  if (r.rollback) out.push(`  rollback: ${r.rollback.outcome}: ${r.rollback.message}`);
  return `${out.join("\n")}\n`;
}

/** Writes the report: JSON or text to `--output` or stdout. */
export function reportText(r: VerifyReport, format: "text" | "json"): string {
  return format === "json" ? `${JSON.stringify(r, null, 2)}\n` : renderVerifyText(r);
}

/** The io's stdout as a terminal stream, when it is one. */
export function terminal(io: CliIo): NodeJS.WriteStream | undefined {
  return io.isTty && process.stdout.isTTY ? process.stdout : undefined;
}
