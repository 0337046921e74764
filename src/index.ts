export * from "./errors";
export * from "./regions";
export * from "./naming";
export * from "./plan";
export * from "./network";
export * from "./openai";
export * from "./frontdoor";
export * from "./gateway";
