import { ReportFormat, Reporter } from "./formats";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export * from "./formats";
export * from "./summary";
export * from "./text";
export * from "./json";
export * from "./sarif";
export * from "./junit";

/** Every report format, by name: pure functions from a report to the file's text. */
export const REPORTERS: Readonly<Record<ReportFormat, Reporter>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
};
