export { Voicemail } from "./resource";
export type { VoicemailArgs } from "./inputs";
