export * from "./spec";
export * from "./operations-alerts";
