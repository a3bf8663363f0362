/**
 * Terminal and log safety for text read from inputs (DaemonSet names, file paths, messages quoting values).
 *
 * Printed raw, a name such as `agent\n::error file=README.md::forged\nGate: passed` starts new lines in a CI log:
 * GitHub Actions reads `::error ...` at the start of a line as a workflow command
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions), and the reader sees a verdict
 * wavegate never gave. ANSI escape sequences (ESC, CSI) repaint the terminal; bidirectional overrides reorder what
 * is shown ("Trojan Source", CVE-2021-42574). Every human-readable output escapes these characters in values,
 * never in its own layout.
 */

/**
 * C0 controls (newline, carriage return, tab, ESC, ...), DEL, C1 controls (U+0085 NEL, U+009B CSI, ...), the
 * Unicode line and paragraph separators, and the bidirectional embedding / override / isolate controls.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** True when `text` holds a character {@link printable} would escape. */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/**
 * `text` with every control character escaped as `\n`, `\r`, `\t` or `\uXXXX`, so it prints on one line and
 * cannot move the cursor, change colours or start a CI workflow command. Other text is returned unchanged.
 */
export function printable(text: string): string {
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE_ALL, escapeChar) : text;
}

/**
 * A copy of a plain value (objects and arrays, recursively) with {@link printable} applied to every string;
 * parts without such characters, and class instances, are returned as they are (never copied).
 */
export function printableValues<T>(value: T): T {
  return mapStrings(value, 0) as T;
}

/** Deeper than any report we render; beyond it values are returned unchanged rather than overflow the stack. */
const MAX_DEPTH = 64;

function mapStrings(value: unknown, depth: number): unknown {
  if (typeof value === "string") return printable(value);
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const mapped = mapStrings(value[i], depth + 1);
      if (mapped !== value[i] && copy === undefined) copy = value.slice(0, i);
      if (copy !== undefined) copy.push(mapped);
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(value)) {
    const mapped = mapStrings(v, depth + 1);
    if (mapped !== v) (copy ??= { ...value })[key] = mapped;
  }
  return copy ?? value;
}
