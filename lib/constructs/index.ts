export * from "./staged-daemon-set";
