import { isDigest, isVersionTag } from "../../model/image";
import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { ContainerAt, containersOf, imageOf, known } from "../accessors";
import { Rule, RuleResult } from "../types";
import { fail, judge, pass } from "./result";

/** Rule ID: images are pinned. */
export const WG109 = "WG109";

/**
 * WG109: every image is pinned by digest. `latest`, any other floating tag that is not a version (`stable`, `main`,
 * `edge`, `nightly`, ...: see `isVersionTag`) or no tag is an error; a version tag without a digest a warning.
 */
export const imagePinnedRule: Rule = {
  id: WG109,
  name: "PinnedImage",
  severity: "error",
  title:
    "Every container image is pinned by digest (error for latest, another floating tag or no tag; warning for a " +
    "version tag without digest)",
  why:
    "A mutable image changes under the waves: `latest`, a channel tag such as `stable` or `main`, or a re-pushed " +
    "tag reaches every node as it restarts, skipping the canary, and the version running in each wave can no " +
    "longer be told.",
  fix: "Pin images as repository:tag@sha256:<digest> (or at least an immutable version tag), one version per wave.",
  example: {
    fails: 'container { name = "agent"  image = "registry.example/agent:stable" }',
    passes: `container { name = "agent"  image = "registry.example/agent:v2.4.0@sha256:${"4f2a".repeat(16)}" }`,
  },
  check(ctx) {
    return judge(ctx, (ds) => (allPinned(containersOf(ds, WITH_INIT)) ? pass(ds) : judgeImagesInFull(ds)));
  },
};

/** The general path of WG109 (the rule passes a DaemonSet whose images are all pinned by digest at once). */
export function judgeImagesInFull(ds: LoadedDaemonSet): RuleResult {
  const containers = containersOf(ds, WITH_INIT);
  const errors: string[] = [];
  const warnings: string[] = [];
  let at: string | undefined;
  let warnAt: string | undefined;
  for (const { container, field, label } of containers) {
    const image = known(container.image, `${field}.image`);
    const name = label;
    if (typeof image !== "string" || image.trim() === "") {
      errors.push(`${name} has no image`);
      at ??= field;
      continue;
    }
    const { ref } = imageOf(image);
    if (isDigest(ref.digest)) continue;
    if (ref.tag === "latest" || ref.tag === undefined) at ??= `${field}.image`;
    else warnAt ??= `${field}.image`;
    if (ref.tag === "latest") errors.push(`${name} uses ${image}: latest changes under the waves`);
    else if (ref.tag === undefined) errors.push(`${name} uses ${image} with no tag (that means latest)`);
    else if (!isVersionTag(ref.tag)) {
      errors.push(
        `${name} uses ${image}: "${ref.tag}" is a floating tag, not a version, and changes under the waves like latest`,
      );
    } else warnings.push(`${name} uses ${image}: a tag without @sha256 digest can be re-pushed`);
  }
  if (errors.length > 0) return fail(ds, [...errors, ...warnings].join("; "), "error", at);
  if (warnings.length > 0) return fail(ds, warnings.join("; "), "warning", warnAt);
  return pass(ds);
}

const WITH_INIT = { init: true } as const;

/** True when every container's image is known and pinned by digest (the full check then finds nothing). */
function allPinned(containers: readonly ContainerAt[]): boolean {
  for (let i = 0; i < containers.length; i++) {
    const image = containers[i].container.image;
    if (typeof image !== "string" || isUnknown(image) || image.trim() === "") return false;
    if (!isDigest(imageOf(image).ref.digest)) return false;
  }
  return true;
}
