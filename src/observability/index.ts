export * from "./diagnostics";
export * from "./platform-logs";
export * from "./flow-logs";
