import { Command } from "commander";
import { CliIo, UsageError } from "../io";

/** `wavegate plan <input>`: simulate the rollout. */
export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("plan")
    .description("simulate the rollout: how long it takes and how many nodes a bad version can reach")
    .argument("<input>", "cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML")
    .action(async () => {
      void io;
      void setExit;
      throw new UsageError("plan is not implemented yet");
    });
}
