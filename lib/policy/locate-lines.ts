import { SourceRef } from "../inputs/types";
import { Finding } from "./types";

type Located = { -readonly [K in keyof Finding]: Finding[K] };

/**
 * Sets `line` on every failure that names a field, when its source can locate fields (Kubernetes YAML): the line of
 * the field, or of the deepest part of its path written in the file. Only failures are located (passes and n/a show
 * no line), grouped by source so each document is parsed again at most once.
 */
export function locateLines(findings: Finding[]): void {
  const bySource = new Map<SourceRef, Located[]>();
  for (const f of findings) {
    if (f.outcome !== "fail" || f.field === undefined || f.source.lineOf === undefined) continue;
    const mine = bySource.get(f.source);
    if (mine === undefined) bySource.set(f.source, [f as Located]);
    else mine.push(f as Located);
  }
  for (const [source, mine] of bySource) {
    const lineOf = source.lineOf;
    if (lineOf === undefined) continue;
    for (const f of mine) {
      try {
        f.line = lineOf(f.field as string) ?? source.line;
      } catch {
        // A line is a convenience: a source that cannot be parsed again keeps its object's line.
        f.line = source.line;
      }
    }
  }
}
