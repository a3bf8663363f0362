export * from "./objects";
export * from "./config";
export * from "./metrics";
export * from "./revisions";
export * from "./rollout-status";
export * from "./report";
export * from "./engine";
export * from "./target";
