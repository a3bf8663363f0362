import { FileLoader, InputError } from "./types";

/** Loads Terraform plan JSON. (Placeholder until its loader lands.) */
export const loadPlanJson: FileLoader = async (file) => {
  throw new InputError(file, "Terraform plan JSON input is not supported yet");
};
