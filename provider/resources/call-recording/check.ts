// CallRecording's check and diff: pure, no gateway call (the shared rules are in
// ../number-service).

import { numberServiceCheck, numberServiceDiff } from "../number-service/runtime";
import { callRecordingSpec } from "./inputs";

export const checkCallRecording = numberServiceCheck(callRecordingSpec);
export const diffCallRecording = numberServiceDiff(callRecordingSpec);
