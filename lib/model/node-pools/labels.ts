import { show, ValidationError } from "../errors";

/** The label every wave pool carries by default: `wavegate.dev/pool=<wave>`. */
export const WAVE_POOL_LABEL = "wavegate.dev/pool";

// k8s.io/apimachinery/pkg/util/validation/validation.go: IsQualifiedName (label and taint keys) and IsValidLabelValue.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a Kubernetes qualified name (label or taint key), or undefined when it is one. */
export function labelKeyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key === "") return "the key is empty";
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the prefix ${show(prefix)} is not a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253)`;
  }
  if (name.length > 63 || !NAME.test(name)) {
    return `the name ${show(name)} must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined when it is one (the empty value is valid). */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "the value is not a string";
  if (value === "") return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return "a label value must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Throws a ValidationError for any label Kubernetes would reject. */
export function checkLabels(labels: Readonly<Record<string, string>>, field: string): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem !== undefined) {
      throw new ValidationError(
        `${field}[${show(key)}]`,
        keyProblem,
        'Use a key such as "wavegate.dev/pool".',
      );
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem !== undefined) {
      throw new ValidationError(
        `${field}[${show(key)}]`,
        `${show(value)}: ${valueProblem}`,
        'Use a value such as "canary".',
      );
    }
  }
}
