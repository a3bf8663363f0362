export * from "./types";
export * from "./options";
export * from "./accessors";
export * from "./agents";
export * from "./suppressions";
export * from "./engine";
export * from "./rules";
