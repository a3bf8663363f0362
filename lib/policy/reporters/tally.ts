import { Finding, PolicyReport, Severity } from "../types";
import type { ReportCounts } from "./summary";

/**
 * Counts of results, one finding at a time: `countReport` counts a report with it, and a reporter that passes over
 * the findings anyway counts them in the same pass. A suppressed failure counts as `suppressed`, not `fail`.
 */
export class Tally {
  private pass = 0;
  private fail = 0;
  private notApplicable = 0;
  private error = 0;
  private suppressed = 0;
  private readonly failBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };

  /** Counts one finding. */
  add(f: Finding): void {
    if (f.outcome === "pass") this.pass++;
    else if (f.outcome === "not-applicable") this.notApplicable++;
    else if (f.outcome === "error") this.error++;
    else if (f.suppressed !== undefined) this.suppressed++;
    else {
      this.fail++;
      this.failBySeverity[f.severity]++;
    }
  }

  /** Counts `pass` passing and `notApplicable` not-applicable findings at once (as `add` would one by one). */
  addPassing(pass: number, notApplicable: number): void {
    this.pass += pass;
    this.notApplicable += notApplicable;
  }

  /** The counts of `report`, whose findings were each added once. */
  counts(report: PolicyReport): ReportCounts {
    return {
      files: report.input.files.length,
      stacks: report.input.stacks.length,
      daemonSets: report.input.daemonSets,
      otherResources: report.input.otherResources,
      pass: this.pass,
      fail: this.fail,
      failBySeverity: this.failBySeverity,
      notApplicable: this.notApplicable,
      error: this.error,
      suppressed: this.suppressed,
      suppressionProblems: report.suppressionProblems.length,
    };
  }
}
