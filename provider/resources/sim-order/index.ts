export { SimOrder } from "./resource";
export type { SimOrderArgs } from "./inputs";
