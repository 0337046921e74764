export * from "./spec";
export * from "./site-recovery";
export * from "./backup";
