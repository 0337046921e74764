export * from "./policy";
export * from "./ai-gateway";
