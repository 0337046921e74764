export * from "./content";
export * from "./webhook-uri";
export * from "./failover-automation";
