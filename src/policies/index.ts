export * from "./model";
export { resilienceChecks } from "./pack";
export * from "./run";
export { toPulumiPolicies } from "./pulumi";
