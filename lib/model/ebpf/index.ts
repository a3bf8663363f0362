export * from "./kernel";
export * from "./profile";
export * from "./refusals";
export * from "./parts";
export * from "./pod";
export * from "./waves";
