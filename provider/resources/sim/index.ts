// The Sim resource: what a program uses, and the types of its inputs and outputs.

export { Sim } from "./resource";
export type {
  DeletionPolicy,
  ReportedServices,
  ServiceName,
  SimArgs,
  SimServices,
  SimServicesArgs,
  SubscriberArgs,
} from "./inputs";
export { SERVICE_NAMES, DELETION_POLICIES } from "./inputs";
export type { PendingRequest, SimOutputs } from "./outputs";
