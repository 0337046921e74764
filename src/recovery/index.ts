export * from "./spec";
export * from "./site-recovery";
