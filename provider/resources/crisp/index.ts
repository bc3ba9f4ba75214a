export { Crisp } from "./resource";
export type { CrispArgs, CrispMode } from "./inputs";
