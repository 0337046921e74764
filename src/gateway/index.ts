export * from "./policy";
export * from "./ai-gateway";
export * from "./injection";
