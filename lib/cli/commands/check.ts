import { Command } from "commander";
import { CliIo, UsageError } from "../io";

/** `wavegate check <path...>`: the CI policy gate. */
export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("check")
    .description(
      "check DaemonSets in cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML against the rollout policy",
    )
    .argument("<path...>", "files or directories to check")
    .action(async () => {
      void io;
      void setExit;
      throw new UsageError("check is not implemented yet");
    });
}
