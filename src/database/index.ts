export * from "./spec";
export * from "./postgres-standby";
