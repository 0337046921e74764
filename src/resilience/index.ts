export * from "./objectives";
export * from "./resilience-goals";
