export * from "./text";
export * from "./markdown";
export * from "./json";
export * from "./format";
