export * from "./text";
export * from "./markdown";
export * from "./json";
export { formatDuration, HALT_WORDS } from "./format";
