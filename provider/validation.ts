// Value rules shared by the gateway client's parameter schemas and the resources' input
// schemas. Each rule says, in its message, what a good value looks like.

import { z } from "zod";

/** Printable text with no control characters; the gateway takes form fields, not free bytes. */
const SAFE_TEXT = /^[\p{L}\p{M}\p{N} .,'’\-/&()#]+$/u;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const iccid = z
  .string()
  .regex(/^\d{18,22}$/, "must be 18 to 22 digits (an ICCID), with no spaces or letters");

/** E.164 digits with the country code; "+" and spaces are accepted from users and removed. */
export const geoNumber = z
  .string()
  .transform((s) => s.replace(/[\s]/g, "").replace(/^\+/, ""))
  .pipe(
    z
      .string()
      .regex(
        /^[1-9]\d{7,14}$/,
        "must be a number in E.164 form with its country code, e.g. 441133203040 or +44 113 320 3040",
      ),
  );

export function normaliseNumber(raw: string): string {
  return raw.replace(/\s/g, "").replace(/^\+/, "");
}

/** UK postcode, with or without the space (the vendor's example: LS101JQ). */
export const ukPostcode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/,
        "must be a UK postcode such as LS10 1JQ",
      ),
  );

export const imei = z.string().regex(/^\d{15}$/, "must be exactly 15 digits (an IMEI)");

/** Text the gateway takes in a subscriber's details: trimmed, not empty, SAFE_TEXT only. */
const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .regex(SAFE_TEXT, "must be letters, digits, spaces and . , ' - / & ( ) # only");

export const subscriberName = safeText(100);

export const subscriberAddress = safeText(200);

/**
 * An address as RFC 5322 writes it without quotes or comments: a dot-atom local part (letters,
 * digits and ! # $ % & ' * + / = ? ^ _ ` { | } ~ -, dots between them: o'brien@ is an address)
 * and a domain of two or more labels.
 */
const EMAIL_FORMAT =
  /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const email = z
  .string()
  .max(254, "must be at most 254 characters")
  .regex(EMAIL_FORMAT, "must be an email address");

export const vmPin = z.string().regex(/^\d{4}$/, "must be exactly four digits");

export const vmDelaySeconds = z
  .number()
  .int("must be a whole number of seconds")
  .min(0, "must be at least 0")
  .max(120, "must be at most 120 seconds");

/** Crisp account password: printable ASCII, no separators that could break a form body. */
export const crispPassword = z
  .string()
  .min(6, "must be at least 6 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII with no spaces");

/** Turn a zod failure into "property: reason" pairs, property paths joined with dots. */
export function zodFailures(
  error: z.ZodError,
  prefix = "",
): { property: string; reason: string }[] {
  return error.issues.map((issue) => ({
    property: [prefix, ...issue.path.map(String)].filter((p) => p !== "").join("."),
    reason: issue.message,
  }));
}
