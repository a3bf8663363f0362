import { constants as bufferConstants } from "node:buffer";
import { constants as fsConstants, Dirent, Stats } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { InputError } from "./types";

/**
 * The largest input wavegate can read, in bytes: V8's longest string (2^29 - 24 characters on 64-bit Node 20),
 * since an input is parsed from one string.
 */
export const MAX_INPUT_BYTES: number = bufferConstants.MAX_STRING_LENGTH;

/**
 * The size limit of one input (file, pipe or standard input): {@link MAX_INPUT_BYTES}, or less when the
 * environment variable `WAVEGATE_MAX_INPUT_BYTES` says (for CI runners with little memory). Standard input and
 * pipes are cut off here too: `check - < /dev/zero` would otherwise grow without bound.
 */
export function maxInputBytes(): number {
  const env = Number(process.env.WAVEGATE_MAX_INPUT_BYTES);
  return Number.isSafeInteger(env) && env > 0 ? Math.min(env, MAX_INPUT_BYTES) : MAX_INPUT_BYTES;
}

/** `12.3 MB` for messages. */
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function tooLarge(display: string, size: string, limit: number): InputError {
  return new InputError(
    display,
    `input too large (${size}); the largest input wavegate reads is ${megabytes(limit)} ` +
      "(WAVEGATE_MAX_INPUT_BYTES): split it into several files",
  );
}

/** What a path that is not a regular file is, for messages (`a FIFO`, `a character device`, ...). */
export function fileKind(info: Stats | Dirent): string {
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  if (info.isDirectory()) return "a directory";
  return "not a regular file";
}

/**
 * Reads an input file given by the user as text, at most `limit` bytes (default {@link maxInputBytes}). A regular file is read whole; a
 * FIFO or character device (`<(terraform show -json plan)` is a pipe) is opened without waiting for a writer
 * (O_NONBLOCK: a FIFO nobody writes to reads as empty instead of blocking forever) and read up to the cap.
 * @param display the path as the user gave it (for messages)
 * @param real where to read it
 * @throws InputError naming `display` when it cannot be read or is too large
 */
export async function readInputText(
  display: string,
  real: string,
  limit: number = maxInputBytes(),
): Promise<string> {
  const info = await stat(real).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(display, `cannot read: ${err.code ?? err.message}`);
  });
  if (info.isFile()) {
    if (info.size > limit) throw tooLarge(display, megabytes(info.size), limit);
    return readFile(real, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new InputError(display, `cannot read: ${err.code ?? err.message}`);
    });
  }
  if (info.isFIFO() || info.isCharacterDevice()) return readStreamingFile(display, real, limit);
  throw new InputError(display, `cannot read: ${fileKind(info)}, not a file`);
}

/** Polling interval while a pipe is open but empty. */
const POLL_MS = 20;

async function readStreamingFile(display: string, real: string, limit: number): Promise<string> {
  const handle = await open(real, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch(
    (err: NodeJS.ErrnoException) => {
      throw new InputError(display, `cannot read: ${err.code ?? err.message}`);
    },
  );
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") {
          throw new InputError(display, `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`);
        }
        await sleep(POLL_MS); // a writer is connected but has not written yet
        continue;
      }
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw tooLarge(display, `over ${megabytes(limit)}`, limit);
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Reads a stream (standard input) to its end as text, at most `limit` bytes: past it the stream is destroyed and an
 * `InputError` names `display`.
 */
export async function readStreamText(
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  display: string,
  limit: number = maxInputBytes(),
): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > limit) {
      stream.destroy?.();
      throw tooLarge(display, `over ${megabytes(limit)}`, limit);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
