export * from "./warm-standby-ai-platform";
