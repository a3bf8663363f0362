/** Writes a kubeconfig pointing at the test double (plain HTTP on loopback, a bearer token). Not shipped. */
import { writeFileSync } from "node:fs";
import * as path from "node:path";

export function writeKubeconfig(dir: string, server: string, context = "wavegate-test"): string {
  const file = path.join(dir, "kubeconfig.yaml");
  writeFileSync(
    file,
    [
      "apiVersion: v1",
      "kind: Config",
      `current-context: ${context}`,
      "clusters:",
      `- name: test-double`,
      // client-node 1.x refuses plain HTTP unless TLS verification is explicitly skipped (loopback only).
      `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
      "users:",
      `- name: tester`,
      `  user: { token: test-token }`,
      "contexts:",
      `- name: ${context}`,
      `  context: { cluster: test-double, user: tester, namespace: kube-system }`,
      "",
    ].join("\n"),
  );
  return file;
}
