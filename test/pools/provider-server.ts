/**
 * One AWS provider process served to several terraform commands. Each `terraform plan` / `show` otherwise starts
 * the provider itself, more than once, and each start decodes its schema again (~2 s of CPU each time). A provider
 * started with `-debug` serves over a socket and prints the `TF_REATTACH_PROVIDERS` value that makes terraform use
 * it instead of starting its own (terraform's main.go, parseReattachProviders; the provider then counts as
 * unmanaged, internal/command/meta_providers.go): the same provider binary, the same gRPC calls, once started.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A running provider: the `TF_REATTACH_PROVIDERS` value, and how to stop it. */
export interface ProviderServer {
  readonly reattach: string;
  stop(): void;
}

/** Provider binaries `<mirror>/registry.terraform.io/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-*`. */
function providerBinary(mirror: string, address: string): string | undefined {
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  const dir = join(mirror, address);
  for (const version of existsSync(dir) ? readdirSync(dir) : []) {
    const bin = join(dir, version, platform);
    const name = existsSync(bin)
      ? readdirSync(bin).find((f) => f.startsWith("terraform-provider-"))
      : undefined;
    if (name !== undefined) return join(bin, name);
  }
  return undefined;
}

/**
 * Starts the provider at `address` ("registry.terraform.io/hashicorp/aws") from `mirror` in debug mode; resolves
 * to undefined (terraform then starts the provider itself, as usual) when it cannot. The process lives at most
 * `lifetimeSeconds` (through coreutils' `timeout`, where there is one), so a test run that dies cannot leave it.
 */
export function startProviderServer(
  mirror: string,
  address: string,
  lifetimeSeconds = 600,
): Promise<ProviderServer | undefined> {
  const binary = providerBinary(mirror, address);
  if (binary === undefined) return Promise.resolve(undefined);
  const timeout = ["/usr/bin/timeout", "/bin/timeout"].find((t) => existsSync(t));
  const child =
    timeout !== undefined
      ? spawn(timeout, [String(lifetimeSeconds), binary, "-debug"], { stdio: ["ignore", "pipe", "ignore"] })
      : spawn(binary, ["-debug"], { stdio: ["ignore", "pipe", "ignore"] });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  return new Promise((resolve) => {
    let out = "";
    const give = (server: ProviderServer | undefined) => {
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      if (server === undefined) stop();
      resolve(server);
    };
    const timer = setTimeout(() => give(undefined), 60_000);
    child.on("error", () => give(undefined));
    child.on("exit", () => give(undefined));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const value = /TF_REATTACH_PROVIDERS='([^'\n]+)'/.exec(out)?.[1];
      if (value === undefined) return;
      try {
        const parsed = JSON.parse(value) as Record<string, unknown>;
        give(address in parsed ? { reattach: value, stop } : undefined);
      } catch {
        give(undefined);
      }
    });
  });
}
