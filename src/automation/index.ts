export * from "./content";
export * from "./webhook-uri";
export * from "./runbook-content";
export * from "./failover-automation";
export * from "./schedule-start";
