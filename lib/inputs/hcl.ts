import { FileLoader, InputError } from "./types";

/** Loads HCL (.tf). (Placeholder until its loader lands.) */
export const loadHcl: FileLoader = async (file) => {
  throw new InputError(file, "HCL (.tf) input is not supported yet");
};
