/**
 * A DaemonSet whose shape Terraform or Kubernetes rejects (a `spec` that is a number, two `security_context` blocks
 * where the provider takes one). Loaders turn it into an `InputError` naming the file, the resource and the line:
 * the input is invalid, so it is neither guessed at nor passed as "unknown".
 */
export class ManifestShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestShapeError";
  }
}
