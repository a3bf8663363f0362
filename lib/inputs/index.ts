export * from "./types";
export * from "./provider-shape";
