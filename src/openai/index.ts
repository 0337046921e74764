export * from "./spec";
export * from "./regional-openai";
