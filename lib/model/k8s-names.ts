/**
 * Kubernetes and Terraform syntax checks for names, labels, annotations, ports, durations and numbers: what the API
 * server (or Terraform) would reject at apply, refused at construct time instead.
 *
 * Sources: k8s.io/apimachinery `pkg/util/validation/validation.go` (IsDNS1123Label, IsDNS1123Subdomain,
 * IsQualifiedName, IsValidLabelValue, IsValidPortName, IsValidPortNum), `pkg/api/validation/objectmeta.go`
 * (ValidateAnnotations, TotalAnnotationSizeLimitB), kubernetes `pkg/apis/core/validation/validation.go` (taint
 * effects, probe handlers), and Go's `time.ParseDuration` (Terraform `timeouts` blocks).
 * Each function returns undefined when the value is valid, else a short reason.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
/** Go `time.ParseDuration` (positive only): one or more decimal numbers, each with a unit. */
const GO_DURATION = /^((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;

/** Largest int32 (Kubernetes int32 fields: ports, seconds, thresholds, counts). */
export const INT32_MAX = 2_147_483_647;
/** Largest total size of an object's annotations (keys + values), in bytes. */
export const ANNOTATIONS_SIZE_LIMIT: number = 256 * 1024;

/** IsDNS1123Label: namespaces, container / volume / DaemonSet names. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return "longer than 63 characters";
  if (!DNS1123_LABEL.test(value)) {
    return "a DNS-1123 label is lower-case letters, digits and '-', starting and ending with a letter or digit";
  }
  return undefined;
}

/** IsDNS1123Subdomain: node names, priority classes, service accounts, label-key prefixes. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return "longer than 253 characters";
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "a DNS-1123 subdomain is lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit";
  }
  return undefined;
}

/** IsQualifiedName: label, annotation and taint keys (`[prefix/]name`). */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split("/");
  if (parts.length > 2) return "more than one '/'";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === "") return "empty prefix before '/'";
    const prefix = dns1123SubdomainProblem(parts[0]);
    if (prefix !== undefined) return `prefix: ${prefix}`;
  }
  if (name === "") return "empty name";
  if (name.length > 63) return "name longer than 63 characters";
  if (!QUALIFIED_NAME.test(name)) {
    return "a name is letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** IsValidLabelValue: label values and taint values (may be empty). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return "longer than 63 characters";
  if (!LABEL_VALUE.test(value)) {
    return "letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** IsValidPortName: a named port (IANA_SVC_NAME: at most 15, a letter, no '--', no leading/trailing '-'). */
export function portNameProblem(value: string): string | undefined {
  if (
    value.length === 0 ||
    value.length > 15 ||
    !IANA_SVC_NAME.test(value) ||
    !/[a-z]/.test(value) ||
    value.includes("--") ||
    value.startsWith("-") ||
    value.endsWith("-")
  ) {
    return "1-15 lower-case letters, digits and '-', with at least one letter";
  }
  return undefined;
}

/** Go `time.ParseDuration`, as Terraform's `timeouts` block reads it (e.g. "30m", "1h30m"). */
export function durationProblem(value: string): string | undefined {
  return GO_DURATION.test(value) ? undefined : 'a Go duration such as "30m", "90s" or "1h30m"';
}

/** Total annotation size check (keys + values, bytes as Kubernetes counts them). */
export function annotationsSizeProblem(annotations: Readonly<Record<string, string>>): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  return total > ANNOTATIONS_SIZE_LIMIT
    ? `hold ${total} bytes, more than Kubernetes' limit of ${ANNOTATIONS_SIZE_LIMIT}`
    : undefined;
}

/** Whitespace or control characters, which no image reference may contain. */
export function hasWhitespace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || /\s/.test(value[i])) return true;
  }
  return false;
}
