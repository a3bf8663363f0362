import { PolicyReport } from "../types";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import { ReporterOptions } from "./summary";
import { renderText } from "./text";

export * from "./summary";
export * from "./text";
export * from "./json";
export * from "./sarif";
export * from "./junit";

/** Output formats of `wavegate check --format`. */
export type ReportFormat = "text" | "json" | "sarif" | "junit";

/** Every report format, by name: pure functions from a report to the file's text. */
export const REPORTERS: Readonly<
  Record<ReportFormat, (report: PolicyReport, options?: ReporterOptions) => string>
> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
};

/** The format names, for argument parsing and error messages. */
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];
