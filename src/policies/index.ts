export * from "./model";
export { resilienceChecks } from "./pack";
export * from "./run";
