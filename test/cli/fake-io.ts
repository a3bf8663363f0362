import { CliIo } from "../../lib/cli/io";
import { runCli } from "../../lib/cli/main";

/** A fake CliIo collecting stdout and stderr (stdin is `stdin`, or the function's result). */
export function fakeIo(
  cwd: string,
  stdin: string | (() => Promise<string>) = "",
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: typeof stdin === "string" ? async () => stdin : stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs the CLI in-process; resolves to its exit code and output. */
export async function runIn(
  cwd: string,
  args: string[],
  stdin?: string | (() => Promise<string>),
): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo(cwd, stdin);
  const code = await runCli(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
