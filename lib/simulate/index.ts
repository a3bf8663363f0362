/**
 * wavegate/simulate: a deterministic simulation of the Kubernetes DaemonSet rolling update, wave by wave, with
 * fault injection, node churn and a health gate between waves. Pure: no cdktf.
 */
export * from "./types";
export * from "./controller";
export * from "./engine";
export * from "./pod-timings";
export * from "./from-daemon-sets";
export * from "./params";
export * from "./plan";
export * from "./report";
export { Random } from "./random";
