// Voicemail's check and diff: pure, no gateway call (the shared rules are in ../number-service).

import { numberServiceCheck, numberServiceDiff } from "../number-service/runtime";
import { voicemailSpec } from "./inputs";

export const checkVoicemail = numberServiceCheck(voicemailSpec);
export const diffVoicemail = numberServiceDiff(voicemailSpec);
