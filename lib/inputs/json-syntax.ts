/**
 * Finds where JSON text is malformed. `JSON.parse` in Node 20 often names neither line nor position
 * (`Unexpected token '}', "{ "a": }" is not valid JSON`), so loaders call this after it fails to tell the user
 * the line. A small scanner: it checks syntax only and builds nothing.
 */

/** Where and why JSON text is malformed. */
export interface JsonSyntaxError {
  /** 1-based line of the first offending character (or of the end of the text). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What was expected, e.g. `expected a value, found "}"`. */
  readonly message: string;
}

/** Returns the first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.skipSpace();
    scanner.value(0);
    scanner.skipSpace();
    if (scanner.pos < text.length) scanner.fail("expected the end of the text");
    return undefined;
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    const before = text.slice(0, e.pos);
    const line = before.split("\n").length;
    return { line, column: e.pos - before.lastIndexOf("\n"), message: e.message };
  }
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 10_000;

/**
 * The scanner walks nesting with an explicit stack (no recursion), so a deeply nested text is reported, never a
 * `RangeError`.
 */
class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(expected: string): never {
    const found = this.pos < this.text.length ? JSON.stringify(this.text[this.pos]) : "the end of the text";
    throw new ScanError(`${expected}, found ${found}`, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  /** One value, containers included; `stack` holds the open containers ("}" or "]"). */
  value(_depth: number): void {
    const stack: string[] = [];
    for (;;) {
      // A value starts here.
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === "{" || c === "[") {
        if (stack.length >= MAX_DEPTH) this.fail("nesting too deep");
        this.pos++;
        this.skipSpace();
        const close = c === "{" ? "}" : "]";
        if (this.text[this.pos] === close) {
          this.pos++;
        } else {
          stack.push(close);
          if (close === "}") this.key();
          continue;
        }
      } else this.scalar();
      // After a value: a separator, or the end of one or more containers.
      for (;;) {
        if (stack.length === 0) return;
        this.skipSpace();
        const close = stack[stack.length - 1];
        if (this.text[this.pos] === ",") {
          this.pos++;
          if (close === "}") this.key();
          break;
        }
        if (this.text[this.pos] === close) {
          this.pos++;
          stack.pop();
          continue;
        }
        this.fail(`expected "," or "${close}"`);
      }
    }
  }

  /** A quoted key and its colon. */
  private key(): void {
    this.skipSpace();
    if (this.text[this.pos] !== '"') this.fail("expected a quoted key");
    this.string();
    this.skipSpace();
    if (this.text[this.pos] !== ":") this.fail('expected ":" after the key');
    this.pos++;
  }

  private scalar(): void {
    const c = this.text[this.pos];
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail("expected a value");
  }

  private string(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === "\\") {
        const next = this.text[this.pos + 1];
        if (next === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          this.pos += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          this.pos += 2;
        } else {
          this.pos++;
          this.fail("expected a valid escape sequence");
        }
        continue;
      }
      if (c < " ") this.fail("expected a closing quote (control characters must be escaped)");
      this.pos++;
    }
    this.fail("expected a closing quote");
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (match === null || match[0] === "-") this.fail("expected a number");
    this.pos += match[0].length;
  }
}
