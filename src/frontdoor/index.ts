export * from "./budget";
export * from "./front-door-failover";
