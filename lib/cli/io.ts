import { STDIN_NAME } from "../inputs/load";
import { readStreamText } from "../inputs/read";
import { InputError } from "../inputs/types";
import { WavegateError } from "../model/errors";
import { printable } from "../model/printable";

/** Where a command writes; injectable so tests run commands in-process. */
export interface CliIo {
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
  /** True when stdout is a terminal (colours allowed). */
  readonly isTty: boolean;
  /** Reads standard input fully (for `-`). */
  readonly readStdin: () => Promise<string>;
  /** The working directory. */
  readonly cwd: string;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
    // Capped like files (lib/inputs/read.ts): `check - < /dev/zero` exits 2 instead of growing without bound.
    readStdin: () => readStreamText(process.stdin, STDIN_NAME),
  };
}

/** A usage or input problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit codes: 0 gate passed, 1 gate failed, 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Turns any thrown value into one line for stderr (no stack trace for known errors). wavegate's own errors are one
 * line by construction, so a line break in one came from a value (a file or resource name) and is escaped, not
 * cut; control characters are escaped in every case (lib/model/printable.ts).
 */
export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof UsageError || error instanceof WavegateError) {
    return printable(error.message);
  }
  if (error instanceof Error) return printable(`${error.name}: ${error.message.split("\n")[0]}`);
  return printable(String(error));
}
