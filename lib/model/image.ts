/** A container image reference split into its parts. */
export interface ImageRef {
  /** Registry and repository, e.g. `registry.example/security/agent`. */
  readonly repository: string;
  /** The tag, when one is given. */
  readonly tag?: string;
  /** The digest (`sha256:...`), when one is given. */
  readonly digest?: string;
}

/** Splits `repo[:tag][@sha256:digest]`. A port in the registry host (`host:5000/x`) is not mistaken for a tag. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag: tag || undefined, digest: digest || undefined };
}

/** Joins a repository and a version: a version starting with `sha256:` becomes a digest, `v1@sha256:..` keeps both. */
export function imageWithVersion(repository: string, version: string): string {
  if (version.startsWith("sha256:")) return `${repository}@${version}`;
  return `${repository}:${version}`;
}

/** The version part of an image (`tag`, `tag@digest` or `sha256:...`), or undefined when it has none. */
export function imageVersion(image: string): string | undefined {
  const ref = parseImage(image);
  if (ref.tag && ref.digest) return `${ref.tag}@${ref.digest}`;
  return ref.tag ?? ref.digest;
}

/** True for a valid `sha256:<64 hex>` digest. */
export function isDigest(value: string | undefined): boolean {
  return value !== undefined && /^sha256:[a-f0-9]{64}$/.test(value);
}

/**
 * True when an image tag names a version, so it stays put once pushed (by convention: only a digest is immutable):
 * a tag with a digit in it — semver-ish (`v1.2.3`, `1.25-alpine`, `2.5.0-rc.1`), a date (`2024-07-19`, `20240719`),
 * a build number (`build-4711`) — or a commit hash (`3f2a9c1`, 7 to 64 hex characters). A tag without a digit
 * (`latest`, `stable`, `main`, `edge`, `master`, `dev`, `nightly`, `canary`, `lts-alpine`) is a channel that moves
 * with every push: a floating tag.
 */
export function isVersionTag(tag: string): boolean {
  return /\d/.test(tag) || /^[0-9a-f]{7,64}$/.test(tag);
}

/**
 * Whether two versions (`tag`, `tag@sha256:...` or `sha256:...`) name the same image: tags are compared when both
 * have one, digests when both have one. Undefined when they share no part to compare (a tag against a bare digest).
 */
export function sameVersion(a: string, b: string): boolean | undefined {
  if (a === b) return true;
  const [x, y] = [splitVersion(a), splitVersion(b)];
  let compared = false;
  if (x.tag !== undefined && y.tag !== undefined) {
    if (x.tag !== y.tag) return false;
    compared = true;
  }
  if (x.digest !== undefined && y.digest !== undefined) {
    if (x.digest !== y.digest) return false;
    compared = true;
  }
  return compared ? true : undefined;
}

function splitVersion(version: string): { tag?: string; digest?: string } {
  const v = version.trim();
  if (v.startsWith("sha256:")) return { digest: v };
  const at = v.indexOf("@");
  return at < 0 ? { tag: v } : { tag: v.slice(0, at) || undefined, digest: v.slice(at + 1) || undefined };
}
