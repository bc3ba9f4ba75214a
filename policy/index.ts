// The policy pack's entry point: the engine runs this module (PulumiPolicy.yaml beside the
// package.json that names it), and it serves the pack's policies until the engine is done.

import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./pack";
import { installSecretMarks } from "./secret-marks";

installSecretMarks();

new PolicyPack(PACK_NAME, {
  description: "Guardrails for SIM estates on aql's MVNO gateway (pulumi-aql-mvno).",
  policies: policies(),
});
