import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { sameVersion } from "../../model/image";
import { agentContainerOf, contractOf, imageVersionOf, known, versionOf } from "../accessors";
import { AgentWave, groupIndex, rankOf, waveName, wavesOf } from "../agents";
import { Rule, RuleResult } from "../types";
import { fail, judge, notApplicable, pass, withFix } from "./result";
import { compareVersions } from "./version-order";

/** Rule ID: versions move through the waves in order. */
export const WG105 = "WG105";

const ORDER_FIX =
  "Promote in order: give the new version to the first wave, then the next, and only then to production.";
const ANNOTATION_FIX =
  "Make wavegate.dev/version name the version the image runs (StagedDaemonSet writes both from `versions`), or " +
  "put the image back to the version the annotation names.";

/**
 * WG105: no wave runs a version newer than an earlier wave's, and each wave's `wavegate.dev/version` annotation
 * names the version its image runs. Versions are read from the agent container's image (what runs), never from
 * the annotation. A later wave may run a version an earlier wave runs (promoted) or an older one (not promoted
 * yet); a version no earlier wave runs that is newer than an earlier wave's (or the same tag with another digest)
 * skipped the waves before it.
 */
export const waveOrderRule: Rule = {
  id: WG105,
  name: "WaveOrder",
  severity: "error",
  title:
    "New versions start in the first wave: no later wave's image is newer than an earlier wave's, and each wave's " +
    "version annotation matches its image",
  why:
    "A version that skips the canary reaches staging or production untested: exactly the all-at-once failure the " +
    "waves exist to prevent. The image is what runs: an annotation left behind when the image was bumped hides " +
    "such a skip from every tool that reads it.",
  fix: `${ORDER_FIX} Keep wavegate.dev/version equal to the image's version.`,
  example: {
    fails: [
      '# canary:     image = "registry.example/agent:v2.4.0"',
      '# production: image = "registry.example/agent:v2.5.0"',
      '#             annotations = { "wavegate.dev/version" = "v2.4.0" }   # left behind',
    ].join("\n"),
    passes: [
      '# canary:     image = "registry.example/agent:v2.5.0"  "wavegate.dev/version" = "v2.5.0"',
      '# production: image = "registry.example/agent:v2.4.0"  "wavegate.dev/version" = "v2.4.0"',
    ].join("\n"),
  },
  check(ctx) {
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      const group = groups.get(ds);
      const contract = contractOf(ds);
      if (contract === undefined || group === undefined) {
        return notApplicable(ds, "not a wave of a staged rollout (see WG101)");
      }
      const stale = contract.version === undefined ? undefined : staleAnnotation(ds, contract.version);
      const order = judgeOrder(ds, rankOf(contract), wavesOf(group));
      if (stale === undefined) return order;
      if (order.outcome === "fail") {
        return withFix(fail(ds, `${order.message}; ${stale}`), `${ORDER_FIX} ${ANNOTATION_FIX}`);
      }
      return withFix(fail(ds, stale), ANNOTATION_FIX);
    });
  },
};

const VERSION_FIELD = `metadata.annotations["wavegate.dev/version"]`;

/** The disagreement between the version annotation `stated` and the image, if any (undecidable counts as none). */
function staleAnnotation(ds: LoadedDaemonSet, stated: string): string | undefined {
  if (isUnknown(stated)) known(stated, VERSION_FIELD);
  const running = imageVersionOf(ds);
  return running === stated ? undefined : staleMessage(ds, stated, running); // the same: sameVersion is true
}

function staleMessage(ds: LoadedDaemonSet, claim: string, running: string | undefined): string | undefined {
  const agent = agentContainerOf(ds);
  if (agent === undefined) return undefined;
  const image = String(agent.container.image ?? "");
  if (running === undefined) {
    return `wavegate.dev/version says ${claim} but the image ${image || "(none)"} of ${agent.label} has no version tag or digest`;
  }
  if (sameVersion(claim, running) !== false) return undefined;
  return (
    `wavegate.dev/version says ${claim} but ${agent.label} runs ${image}: the image is what runs, so wave ` +
    `"${waveName(ds)}" is judged as ${running}`
  );
}

function judgeOrder(ds: LoadedDaemonSet, rank: number, ordered: readonly AgentWave[]): RuleResult {
  if (ordered.length < 2) return notApplicable(ds, "the agent has a single wave (see WG101)");
  // `ordered` is sorted by rank: the earlier waves are a prefix of it.
  let cut = 0;
  while (cut < ordered.length && ordered[cut].rank < rank) cut++;
  if (cut === 0) return pass(ds, "first wave");
  const version = versionOf(ds);
  if (version === undefined)
    return notApplicable(ds, "no version: the image has no tag or digest (see WG109)");
  for (let i = 0; i < cut; i++) {
    const members = ordered[i].daemonSets;
    for (let j = 0; j < members.length; j++) if (versionOf(members[j]) === version) return pass(ds);
  }
  return judgeNewer(ds, version, ordered.slice(0, cut));
}

/** The verdict on a wave whose version no earlier wave runs: older than theirs (pass), or newer (fail). */
function judgeNewer(ds: LoadedDaemonSet, version: string, earlier: readonly AgentWave[]): RuleResult {
  for (const w of earlier) {
    for (const d of w.daemonSets) {
      const other = versionOf(d);
      if (other === undefined) continue;
      const order = compareVersions(version, other);
      if (order === undefined) {
        return notApplicable(
          ds,
          `cannot order versions ${shown(version)} and ${shown(other)} (wave "${w.name}"); use semantic version tags`,
        );
      }
      if (order > 0) {
        return withFix(
          fail(
            ds,
            `wave "${waveName(ds)}" runs ${shown(version)}, which no earlier wave runs and which is newer than ` +
              `wave "${w.name}" (${shown(other)}): the new version skipped the waves before it`,
          ),
          ORDER_FIX,
        );
      }
      if (order === 0 && sameVersion(version, other) === false) {
        return withFix(
          fail(
            ds,
            `wave "${waveName(ds)}" runs ${shown(version, true)}: the tag of wave "${w.name}" ` +
              `(${shown(other, true)}) with another digest, a build no earlier wave runs`,
          ),
          ORDER_FIX,
        );
      }
    }
  }
  return pass(ds, "not promoted yet: runs an older version than the earlier waves");
}

/** A version for messages: its tag (`v2.5.0`), or a shortened digest (`sha256:1111111111111…`). */
function shown(version: string, withDigest = false): string {
  const at = version.indexOf("@");
  const short = (digest: string) => (digest.length > 19 ? `${digest.slice(0, 19)}…` : digest);
  if (version.startsWith("sha256:")) return short(version);
  if (at < 0) return version;
  return withDigest ? `${version.slice(0, at)}@${short(version.slice(at + 1))}` : version.slice(0, at);
}
