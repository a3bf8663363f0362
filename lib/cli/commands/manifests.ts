import { Command } from "commander";
import { CliIo, UsageError } from "../io";

/** `wavegate manifests <input>`: print the Kubernetes YAML of every DaemonSet found. */
export function registerManifests(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("manifests")
    .description("print (or write) the Kubernetes YAML of every DaemonSet found")
    .argument("<input>", "cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML")
    .action(async () => {
      void io;
      void setExit;
      throw new UsageError("manifests is not implemented yet");
    });
}
