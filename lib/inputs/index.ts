export * from "./types";
export * from "./provider-shape";
export * from "./json";
export * from "./normalize";
export * from "./tf-json";
export * from "./cdktf-out";
export * from "./load";
