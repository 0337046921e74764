export * from "./warm-standby-ai-platform";
export * from "./profiles";
