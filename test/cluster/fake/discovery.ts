/** Discovery documents of the test double (/api, /apis, /api/v1, /apis/apps/v1, /version), as kubectl needs them. */
const verbs = ["get", "list", "watch"];

const CORE_V1 = {
  kind: "APIResourceList",
  groupVersion: "v1",
  resources: [
    { name: "nodes", singularName: "node", namespaced: false, kind: "Node", verbs, shortNames: ["no"] },
    { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs, shortNames: ["po"] },
  ],
};

const APPS_V1 = {
  kind: "APIResourceList",
  apiVersion: "v1",
  groupVersion: "apps/v1",
  resources: [
    {
      name: "daemonsets",
      singularName: "daemonset",
      namespaced: true,
      kind: "DaemonSet",
      verbs: [...verbs, "patch"],
      shortNames: ["ds"],
    },
    {
      name: "controllerrevisions",
      singularName: "controllerrevision",
      namespaced: true,
      kind: "ControllerRevision",
      verbs,
    },
  ],
};

/** The discovery document at `path`, or undefined. */
export function discovery(path: string): unknown {
  switch (path) {
    case "/version":
      return { major: "1", minor: "31", gitVersion: "v1.31.0-wavegate-test-double", platform: "linux/amd64" };
    case "/api":
      return {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
      };
    case "/apis":
      return {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [
          {
            name: "apps",
            versions: [{ groupVersion: "apps/v1", version: "v1" }],
            preferredVersion: { groupVersion: "apps/v1", version: "v1" },
          },
        ],
      };
    case "/api/v1":
      return CORE_V1;
    case "/apis/apps/v1":
      return APPS_V1;
    default:
      return undefined;
  }
}
