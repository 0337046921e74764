export * from "./errors";
export * from "./regions";
export * from "./naming";
export * from "./plan";
