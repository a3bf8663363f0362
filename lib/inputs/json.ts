import { findJsonSyntaxError } from "./json-syntax";
import { InputError } from "./types";

/**
 * Parses JSON text; on a syntax error throws an `InputError` naming the file and the 1-based line, computed from
 * the parser's `position N` (Node 20) or read from its `line N` (newer Node), else found by scanning the text.
 */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Node 20 names no position for some errors (`Unexpected token '}', "..." is not valid JSON`): scan for the line.
    const line = jsonErrorLine(message, text) ?? findJsonSyntaxError(stripBom(text))?.line;
    throw new InputError(file, `malformed JSON: ${shorten(message)}`, line);
  }
}

/** The 1-based line of a `JSON.parse` error message, when it names a line or a position. */
export function jsonErrorLine(message: string, text: string): number | undefined {
  const line = /\bline (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /\bposition (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  if (/Unexpected end of JSON input/.test(message)) return lineAt(text, text.length);
  return undefined;
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Drops the echoed source text newer parsers append (`, "{ ..." is not valid JSON`) and position details. */
function shorten(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
}
