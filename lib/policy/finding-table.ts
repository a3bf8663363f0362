import { Finding, PolicyReport, Severity } from "./types";

/** The parts of a finding that depend on the resource only, computed once per DaemonSet. */
export type FindingBase = Pick<
  Finding,
  "source" | "name" | "namespace" | "agent" | "wave" | "waveIndex" | "rollout"
>;

/**
 * One rule's findings. Either one cell per DaemonSet, in load order (what the catalogue's rules give), holding the
 * finding or `undefined` for a plain pass; or a plain list (a custom rule's results, in any number per DaemonSet).
 */
export interface FindingColumn {
  /** The rule's ID. */
  readonly ruleId: string;
  /** The severity of the column's plain passes. */
  readonly passSeverity: Severity;
  /** Per DaemonSet: its finding, or undefined for a plain pass (no message, field, fix or severity of its own). */
  readonly cells: (Finding | undefined)[] | undefined;
  /** The rule's findings in order, when they are not one per DaemonSet. */
  readonly list: Finding[] | undefined;
}

/**
 * A report's findings, stored compactly: a plain pass (most of a report: 157,000 of 200,000 findings for 10,000
 * DaemonSets) is no object until someone asks for `findings`. The gate, the counts and the reporters read the
 * table: only failures, rule errors, not-applicables and passes with a message are objects.
 */
export class FindingTable {
  private all: Finding[] | undefined;
  private stated: Finding[] | undefined;
  private passes: number | undefined;

  constructor(
    /** Each DaemonSet's finding base, in load order. */
    readonly bases: readonly FindingBase[],
    /** One column per rule that ran, in rule order. */
    readonly columns: readonly FindingColumn[],
  ) {}

  /** How many plain passes the table holds (findings that are no object). */
  plainPasses(): number {
    if (this.passes !== undefined) return this.passes;
    let n = 0;
    for (const c of this.columns) {
      const cells = c.cells;
      if (cells === undefined) continue;
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) n++;
    }
    this.passes = n;
    return n;
  }

  /** The plain pass of `column` on DaemonSet `i`, as a finding (made each time: only verbose reports list passes). */
  passAt(column: FindingColumn, i: number): Finding {
    return makeFinding(column.ruleId, this.bases[i], "pass", column.passSeverity, undefined);
  }

  /** Every finding, in order (rule by rule, each rule's in load order): the plain passes are made on first call. */
  findings(): Finding[] {
    return (this.all ??= this.collect(true));
  }

  /** The findings that are objects (all but the plain passes), in order. */
  statedFindings(): Finding[] {
    return (this.stated ??= this.collect(false));
  }

  private collect(withPasses: boolean): Finding[] {
    const out: Finding[] = [];
    for (const c of this.columns) {
      if (c.list !== undefined) {
        for (const f of c.list) out.push(f);
        continue;
      }
      const cells = c.cells ?? [];
      for (let i = 0; i < cells.length; i++) {
        const f = cells[i];
        if (f !== undefined) out.push(f);
        else if (withPasses) out.push(this.passAt(c, i));
      }
    }
    return out;
  }

  /**
   * Puts `replaced[k]` in place of the k-th stated finding (for suppressions, which mark failures with a copy).
   * Must be called before `findings()`.
   */
  replaceStated(replaced: readonly Finding[]): void {
    let k = 0;
    for (const c of this.columns) {
      const items = c.list ?? c.cells ?? [];
      for (let i = 0; i < items.length; i++) if (items[i] !== undefined) items[i] = replaced[k++];
    }
    this.stated = replaced.slice();
    this.all = undefined;
  }
}

/** The tables of the reports the engine made (a report copied or built by hand has none: its `findings` count). */
const TABLES = new WeakMap<PolicyReport, FindingTable>();

/** A report whose `findings` are the table's, made on first read. */
export function reportWithTable(table: FindingTable, rest: Omit<PolicyReport, "findings">): PolicyReport {
  const report = {
    get findings(): readonly Finding[] {
      return table.findings();
    },
    ...rest,
  } as PolicyReport;
  TABLES.set(report, table);
  return report;
}

/** The table behind a report the engine made, else undefined (read `report.findings`). */
export function tableOf(report: PolicyReport): FindingTable | undefined {
  return TABLES.get(report);
}

/**
 * A report's findings that are objects, and how many plain passes are left out of them (`findings` with no pass
 * left out, for a report the engine did not make): what the gate and the counts need, without making every pass.
 */
export function statedFindings(report: PolicyReport): {
  readonly findings: readonly Finding[];
  readonly plainPasses: number;
} {
  const table = tableOf(report);
  if (table === undefined) return { findings: report.findings, plainPasses: 0 };
  return { findings: table.statedFindings(), plainPasses: table.plainPasses() };
}

/** The columns of a report's findings: its table's, or one list of its `findings` (a report the engine did not make). */
export function columnsOf(report: PolicyReport): readonly FindingColumn[] {
  return (
    tableOf(report)?.columns ?? [
      { ruleId: "", passSeverity: "error", cells: undefined, list: report.findings as Finding[] },
    ]
  );
}

/**
 * `make` of each DaemonSet's finding base, in load order, when a column of the report holds a cell per DaemonSet
 * (a plain pass is no finding to make a value from); else none. Every column lists every DaemonSet in load order, so
 * this is also the order a reader meets them in.
 */
export function perBase<T>(report: PolicyReport, make: (base: FindingBase) => T): T[] {
  const table = tableOf(report);
  return table !== undefined && table.columns.some((c) => c.cells !== undefined) ? table.bases.map(make) : [];
}

/** A finding of one shape (optional fields present, possibly undefined), so reads of 200,000 stay monomorphic. */
export function makeFinding(
  ruleId: string,
  base: FindingBase,
  outcome: Finding["outcome"],
  severity: Severity,
  message: string | undefined,
  field?: string,
  fix?: string,
): Finding {
  return {
    ruleId,
    severity,
    outcome,
    message,
    fix,
    source: base.source,
    field,
    line: undefined,
    name: base.name,
    namespace: base.namespace,
    agent: base.agent,
    wave: base.wave,
    waveIndex: base.waveIndex,
    rollout: base.rollout,
    suppressed: undefined,
  };
}
