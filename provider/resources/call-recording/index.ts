export { CallRecording } from "./resource";
export type { CallRecordingArgs } from "./inputs";
