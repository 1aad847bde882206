/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a client that
 * signed in to an account gets `scs_device`, a token store signed that names the account (by a
 * keyed tag, not the email) and the device (a random id). A later sign-in to the same account
 * presenting it is a _trusted_ attempt: it is limited by its own device bucket instead of the
 * client's, the pair's and the account's, and its hash runs in the queue's priority lane. So a
 * flood of guesses at an account — from one address or many — neither locks its owner out nor
 * makes their sign-in wait (docs/decisions/0014-sign-in-limits-and-hashing.md).
 *
 * Format: `v1.<device id>.<account tag>.<issued, unix s>.<HMAC-SHA256>`, all base64url; the key is
 * derived (HKDF) from store's session signing key, so it needs no secret of its own.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { normalizeEmail } from "@/db/queries/accounts";
import { env } from "@/env";

export const DEVICE_COOKIE = "scs_device";
/** A device stays trusted for half a year after its last sign-in (each sign-in renews the cookie). */
export const DEVICE_TTL_SECONDS = 180 * 24 * 3600;

export const deviceKeyOf = (privateJwk: string): Buffer => {
  const { d } = JSON.parse(privateJwk) as { d: string };
  return Buffer.from(hkdfSync("sha256", Buffer.from(d, "base64url"), "scs-store", "device-cookie v1", 32));
};

const mac = (key: Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const accountTag = (key: Buffer, email: string) =>
  mac(key, `account\0${normalizeEmail(email)}`)
    .subarray(0, 16)
    .toString("base64url");

/** A fresh device token for a client that just signed in to `email`. */
export function issueDeviceToken(key: Buffer, email: string, now = Date.now()): string {
  const body = [
    "v1",
    randomBytes(16).toString("base64url"),
    accountTag(key, email),
    Math.floor(now / 1000),
  ].join(".");
  return `${body}.${mac(key, body).toString("base64url")}`;
}

/** The device of a token store issued and that has not expired, whichever account; else null. */
export function deviceOf(key: Buffer, token: string | undefined, now = Date.now()) {
  const parts = token?.split(".") ?? [];
  if (parts.length !== 5 || parts[0] !== "v1") return null;
  const [, id, account, issued, signature] = parts as [string, string, string, string, string];
  const expected = mac(key, parts.slice(0, 4).join("."));
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const age = now / 1000 - Number(issued);
  if (!(age >= -60 && age <= DEVICE_TTL_SECONDS)) return null;
  return { id, account };
}

/** The device id when `token` is a valid device token for `email`; else null (an untrusted attempt). */
export function trustedDeviceFor(key: Buffer, token: string | undefined, email: string, now = Date.now()) {
  const device = deviceOf(key, token, now);
  return device && device.account === accountTag(key, email) ? device.id : null;
}

let key: Buffer | undefined;
/** store's device-cookie key (derived once from SESSION_PRIVATE_JWK). */
export const deviceKey = () => {
  key ??= deviceKeyOf(env.SESSION_PRIVATE_JWK);
  return key;
};

const secure = env.STORE_URL.startsWith("https:");

/** HttpOnly, SameSite=Lax, Path=/ (the sign-in API and the sign-in page's form both need it). */
export const deviceCookieOptions = {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure,
  maxAge: DEVICE_TTL_SECONDS,
} as const;

/** `Set-Cookie` value for route handlers. */
export function deviceSetCookie(token: string): string {
  const parts = [
    `${DEVICE_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${DEVICE_TTL_SECONDS}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
