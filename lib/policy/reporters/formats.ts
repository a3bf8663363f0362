import type { PolicyReport } from "../types";
import type { ReporterOptions } from "./summary";

/** Output formats of `wavegate check --format`. */
export type ReportFormat = "text" | "json" | "sarif" | "junit";

/** The format names, for argument parsing and error messages. */
export const REPORT_FORMATS: ReportFormat[] = ["text", "json", "sarif", "junit"];

/** A reporter: a pure function from a report to the file's text. */
export type Reporter = (report: PolicyReport, options?: ReporterOptions) => string;

/**
 * The reporter of one format, loaded on first use: a run renders one format, so it loads one reporter
 * (`REPORTERS` in the reporters index loads all four).
 */
export async function loadReporter(format: ReportFormat): Promise<Reporter> {
  switch (format) {
    case "text":
      return (await import("./text")).renderText;
    case "json":
      return (await import("./json")).renderJson;
    case "sarif":
      return (await import("./sarif")).renderSarif;
    case "junit":
      return (await import("./junit")).renderJunit;
  }
}
