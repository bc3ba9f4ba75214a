export * from "./inputs";
export * from "./plan";
export * from "./runtime";
