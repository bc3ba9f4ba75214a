// The gateway's error table as the simulator answers it, copied from the vendor text
// ("This table lists all the error codes that the gateway can return"). Its own copy: the
// provider's (provider/gateway/codes.ts) is checked against the same text, not against this.

export const GATEWAY_CODES = {
  200: "OK",
  400: "Bad request",
  401: "Authentication error",
  500: "Internal system error",
  600: "Invalid Command",
  63001: "Invalid ICCID",
  63003: "ICCID not on users account",
  63004: "Invalid or missing service parameter",
  63007: "Invalid IMEI",
  63014: "Sim incorrectly configured. Cannot activate. Contact support.",
  63017: "ICCID not active",
  63021: "Not owner of IMEI",
  63022: "Poll again later",
  63023: "No Services specified",
  63024: "IMEI not blacklisted",
  63025: "Invalid checkstatus id",
  63026: "Iccid is in an invalid state",
  63027:
    "Network congested Command not executed. We recommend waiting at least 5 minutes before re-trying this request.",
  63028: "Subscriber name is invalid",
  63029: "Subscriber address is invalid",
  63030: "Subscriber postcode is invalid",
  63031: "Subscriber contact number is invalid",
  63032: "Service(s) not yet supported",
  63033: "Request rejected by Network",
  63034: "Invalid service for a data SIM",
  63104: "Invalid service name",
  63201: "Invalid Landline number",
  63202: "No Landline assigned to iccid",
  63203: "Another number is already assigned to this iccid",
  63204: "Landline already in use",
  63207: "The Crisp action is invalid",
  63208: "The Crisp email address is invalid",
  63209: "The parent SMS number is invalid",
  63210: "The Crisp password is invalid",
  63211: "The Crisp number is not valid",
  63212: "The Crisp service could not disabled",
  65001: "Not owner of number",
  65002: "No Voicemail service present",
} as const;

export type GatewayCode = keyof typeof GATEWAY_CODES;

export function isGatewayCode(n: number): n is GatewayCode {
  return Object.prototype.hasOwnProperty.call(GATEWAY_CODES, n);
}
