/**
 * store's binding of the suite session: reading it (shared verification with store's public key)
 * and issuing it (signing with store's private key, then the `scs_session` cookie).
 */
import { systemSession } from "@scs/web/next-session";
import { type AccountState, SESSION_COOKIE } from "@scs/web/session";
import { getDb } from "@/db/client";
import { findAccountById } from "@/db/queries/accounts";
import { type PublicAccount, sessionOf } from "@/domain/accounts";
import { SESSION_TTL_SECONDS, signSessionToken } from "@/domain/session-token";
import { env } from "@/env";

/**
 * Verification checks the account in store's own table too: a session issued before its
 * "sessions valid after" instant (password changed, signed out everywhere, demoted, deleted) is
 * signed out, and a session never has more roles than the account has now.
 */
const sessionConfig = {
  publicJwk: env.SESSION_PUBLIC_JWK,
  issuer: env.STORE_URL,
  accountState: (id: string): AccountState | undefined => {
    const account = findAccountById(getDb(), id);
    return account && { sessionsValidAfter: account.sessionsValidAfter, roles: account.roles };
  },
};

export const { getSession, getRequestSession, requireAdminPage } = systemSession(
  sessionConfig,
  env.STORE_URL,
);

export const issueSessionToken = (account: PublicAccount) =>
  signSessionToken(sessionOf(account), { privateJwk: env.SESSION_PRIVATE_JWK, issuer: env.STORE_URL });

/**
 * HttpOnly (scripts cannot read it), SameSite=Lax, Path=/, Secure only when store is served
 * over https. No Domain: the cookie belongs to store's host, and browsers send cookies of
 * `localhost` to every port, so catalog and music receive it too in the local suite.
 */
export const sessionCookieOptions = {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env.STORE_URL.startsWith("https:"),
  maxAge: SESSION_TTL_SECONDS,
} as const;

/** `Set-Cookie` value for route handlers; an empty token with max-age 0 clears the cookie. */
export function sessionSetCookie(token: string | null): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${token ? SESSION_TTL_SECONDS : 0}`,
  ];
  if (sessionCookieOptions.secure) parts.push("Secure");
  return parts.join("; ");
}

export { SESSION_COOKIE };
