export * from "./staged-daemon-set";
export * from "./ebpf-agent";
export * from "./wave-nodes";
export * from "./construct-policy";
export * from "./wave-gate";
export * from "./release";
