import { WavegateError } from "../model/errors";

/** A release file or ledger that cannot be accepted: names the file, the field (or line) and the fix. */
export class ReleaseError extends WavegateError {
  constructor(
    /** The file, as the user named it. */
    public readonly file: string,
    field: string,
    problem: string,
    fix: string,
  ) {
    super(field, problem, fix);
    this.name = "ReleaseError";
    this.message = `${file}: ${this.message}`;
  }
}
