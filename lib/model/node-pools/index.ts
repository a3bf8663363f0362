export * from "./labels";
export * from "./taints";
export * from "./sizes";
export * from "./images";
export * from "./match";
