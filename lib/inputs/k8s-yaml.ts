import { FileLoader, InputError } from "./types";

/** Loads Kubernetes YAML/JSON. (Placeholder until its loader lands.) */
export const loadKubernetesYaml: FileLoader = async (file) => {
  throw new InputError(file, "Kubernetes YAML/JSON input is not supported yet");
};
