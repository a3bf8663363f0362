import { SourceRef } from "../../inputs/types";
import type { FindingBase } from "../finding-table";

/**
 * A value per DaemonSet (per source object), made once, for reporters that look it up for each finding (or each
 * finding base: a finding is one). Findings
 * come rule by rule, each rule's in the same order of DaemonSets: the next finding's source is most often the one
 * after the last one's, so that is tried first (one comparison), and a map only when it is not.
 */
export class PerSource<T> {
  private readonly sources: SourceRef[] = [];
  private readonly values: T[] = [];
  private readonly index = new Map<SourceRef, number>();
  private next = 0;

  /** `make` builds the value of a source from its first finding. */
  constructor(private readonly make: (f: FindingBase) => T) {}

  /** The value of `f.source`, made from `f` when it is the first finding of that source. */
  get(f: FindingBase): T {
    const source = f.source;
    const at = this.next;
    if (at < this.sources.length && this.sources[at] === source) {
      this.next = at + 1;
      return this.values[at];
    }
    let i = this.index.get(source);
    if (i === undefined) {
      i = this.sources.length;
      this.sources.push(source);
      this.values.push(this.make(f));
      this.index.set(source, i);
    }
    this.next = i + 1;
    return this.values[i];
  }
}
