export * from "./staged-daemon-set";
export * from "./ebpf-agent";
