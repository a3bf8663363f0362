import { Actor } from "./ledger";

/**
 * Who is acting, from the CI environment when present: GitHub Actions (`GITHUB_SERVER_URL` / `GITHUB_REPOSITORY` /
 * `GITHUB_RUN_ID` -> the run URL, `GITHUB_SHA`, `GITHUB_ACTOR`), GitLab CI (`CI_JOB_URL`, `CI_COMMIT_SHA`,
 * `GITLAB_USER_LOGIN`), Buildkite, CircleCI, Jenkins (`BUILD_URL`, `GIT_COMMIT`); else the local user (`USER`).
 * Pure: the caller passes the environment.
 */
export function actorFromEnv(env: Readonly<Record<string, string | undefined>>): Actor {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== "");
  const github =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const runUrl = github ?? pick("CI_JOB_URL", "BUILDKITE_BUILD_URL", "CIRCLE_BUILD_URL", "BUILD_URL");
  const commit = pick("GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT");
  const name = pick(
    "GITHUB_ACTOR",
    "GITLAB_USER_LOGIN",
    "BUILDKITE_BUILD_CREATOR",
    "CIRCLE_USERNAME",
    "USER",
    "USERNAME",
  );
  return {
    ...(name !== undefined ? { name } : {}),
    ...(runUrl !== undefined ? { runUrl } : {}),
    ...(commit !== undefined ? { commit } : {}),
  };
}
