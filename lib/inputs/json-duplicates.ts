/**
 * Reads JSON the way Terraform's JSON syntax does when an object repeats a key (hashicorp/hcl `json/spec.md`,
 * `json/structure.go`): every occurrence of a block type is another block (two `"container"` keys are two containers;
 * two `"resource"` keys are both read), while an argument given twice is an error ("Duplicate argument"). The
 * occurrences of a repeated key are gathered into one list (arrays flattened, as Terraform JSON allows a block type's
 * value to be an object or a list of them); a repeated key whose values are not all blocks (objects) is refused.
 *
 * Used only when `inspectJson` says the text may repeat a key: an iterative parser (no recursion, so nesting depth
 * cannot overflow the stack), slower than `JSON.parse`. It also records the line of every `resource.<type>.<name>`.
 */

import { MAX_NESTING } from "./json-positions";

/** A repeated key Terraform refuses. */
export class DuplicateKeyError extends Error {
  constructor(
    message: string,
    /** 1-based line of the second occurrence. */
    readonly line: number,
  ) {
    super(message);
  }
}

/** The value, and the line of each `resource.<type>.<name>` key (by `type` + "\0" + `name`, first occurrence). */
export interface ParsedWithDuplicates {
  readonly value: unknown;
  readonly resourceLines: Map<string, number>;
}

type Container = {
  value: Record<string, unknown> | unknown[];
  key?: string;
  keyLine?: number;
  /** Keys gathered from repeats in this object. */
  repeated?: Set<string>;
  path: string[];
};

/**
 * Parses valid JSON text (the caller ran `JSON.parse` on it first), keeping repeated keys as Terraform does.
 * @throws DuplicateKeyError for a repeated argument (a key whose values are not all objects)
 * @throws RangeError-free: nesting deeper than {@link MAX_NESTING} throws DuplicateKeyError naming where
 */
export function parseJsonKeepingDuplicates(text: string): ParsedWithDuplicates {
  const resourceLines = new Map<string, number>();
  const stack: Container[] = [];
  let pos = 0;
  let line = 1;
  let root: unknown;
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos++;
    }
  };
  const readString = (): string => {
    const start = pos;
    let escaped = false;
    pos++;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        pos++;
      }
      pos++;
    }
    pos++;
    return escaped ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
  };
  const put = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = value;
      return;
    }
    if (Array.isArray(top.value)) {
      top.value.push(value);
      return;
    }
    const key = top.key as string;
    const obj = top.value;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) {
      // defineProperty: a "__proto__" key is data, as JSON.parse makes it, never the object's prototype.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const previous = obj[key];
    const blocks = (v: unknown) =>
      typeof v === "object" &&
      v !== null &&
      (!Array.isArray(v) || v.every((x) => typeof x === "object" && x !== null));
    if (!blocks(previous) || !blocks(value)) {
      throw new DuplicateKeyError(
        `"${[...top.path, key].join(".")}" is set twice: Terraform refuses a repeated argument ("Duplicate argument")`,
        top.keyLine ?? line,
      );
    }
    const list = top.repeated?.has(key)
      ? (previous as unknown[])
      : Array.isArray(previous)
        ? [...previous]
        : [previous];
    if (Array.isArray(value)) for (const v of value) list.push(v);
    else list.push(value);
    obj[key] = list;
    (top.repeated ??= new Set()).add(key);
  };
  const open = (value: Record<string, unknown> | unknown[]) => {
    const top = stack[stack.length - 1];
    const path =
      top === undefined
        ? []
        : top.key !== undefined && !Array.isArray(top.value)
          ? [...top.path, top.key]
          : top.path;
    if (stack.length >= MAX_NESTING) {
      throw new DuplicateKeyError(
        `nested deeper than ${MAX_NESTING} levels at ${path.slice(0, 4).join(".") || "(top level)"}`,
        line,
      );
    }
    stack.push({ value, path: path.length > 6 ? path.slice(0, 6) : path });
  };
  const close = () => {
    const done = stack.pop() as Container;
    put(done.value);
  };

  space();
  for (;;) {
    const c = text.charCodeAt(pos);
    const top = stack[stack.length - 1];
    if (top !== undefined && !Array.isArray(top.value) && top.key === undefined) {
      // Expecting a key or the end of the object.
      if (c === 125) {
        pos++;
        close();
      } else if (c === 44) pos++;
      else {
        top.keyLine = line;
        top.key = readString();
        if (stack.length === 3 && top.path[0] === "resource") {
          const id = `${top.path[1]}\0${top.key}`;
          if (!resourceLines.has(id)) resourceLines.set(id, line);
        }
        space();
        pos++; // ":"
      }
    } else if (top !== undefined && Array.isArray(top.value) && (c === 93 || c === 44)) {
      pos++;
      if (c === 93) close();
    } else if (c === 123) {
      pos++;
      open({});
    } else if (c === 91) {
      pos++;
      open([]);
    } else {
      let value: unknown;
      if (c === 34) value = readString();
      else {
        const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
        const word = m?.[0] ?? "null";
        pos += Math.max(word.length, 1);
        value = JSON.parse(word);
      }
      put(value);
      if (top !== undefined && !Array.isArray(top.value)) top.key = undefined;
    }
    // After a completed value inside an object, the next thing is a key.
    const now = stack[stack.length - 1];
    if (now !== undefined && !Array.isArray(now.value) && (c === 125 || c === 93)) now.key = undefined;
    space();
    if (stack.length === 0 || pos >= text.length) break;
  }
  return { value: root, resourceLines };
}
