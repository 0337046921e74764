export * from "./content";
export * from "./webhook-uri";
export * from "./failover-automation";
export * from "./schedule-start";
