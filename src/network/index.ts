export * from "./cidr";
export * from "./spec";
export * from "./mirrored-network";
export * from "./egress";
