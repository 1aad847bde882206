/**
 * Reading the suite session inside a Next.js server component, server action or route handler.
 * Verification is local (store's public key from the environment): no call to store.
 */
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import {
  type AccountLookup,
  isAdmin,
  SESSION_COOKIE,
  type Session,
  signInUrl,
  tokenFromRequest,
  verifySessionToken,
} from "./session";

export interface SessionConfig {
  /** store's public key as a JWK (JSON). */
  publicJwk: string;
  /** store's URL: the token's expected issuer. */
  issuer: string;
  /**
   * The account's state in this system's own database: revoked sessions are signed out. Required:
   * a gate without it would let a demoted, deleted or signed-out-everywhere account's earlier
   * session in (decision 0016).
   */
  accountState: AccountLookup;
}

/** The session of the current request (pages, actions), or null when signed out. */
export async function currentSession(config: SessionConfig): Promise<Session | null> {
  const token = tokenFromRequest(await headers(), (await cookies()).get(SESSION_COOKIE)?.value);
  return verifySessionToken(token, config);
}

/** The session of a route handler's request (cookie or `Authorization: Bearer`). */
export async function requestSession(request: Request, config: SessionConfig): Promise<Session | null> {
  const cookie = request.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  return verifySessionToken(tokenFromRequest(request.headers, cookie), config);
}

/**
 * Gate of a back-office page (/admin, /ops): a signed-out visitor goes to store's sign-in and
 * comes back to `pageUrl`; a signed-in non-administrator gets the 403 page (`forbidden()`, which
 * needs `experimental.authInterrupts` in next.config.ts).
 */
export async function requireAdminPage(config: SessionConfig, pageUrl: string): Promise<Session> {
  const session = await currentSession(config);
  if (!session) redirect(signInUrl(config.issuer, pageUrl));
  if (!isAdmin(session)) forbidden();
  return session;
}

/**
 * A system's binding of the session: its configuration and public URL once, then the helpers its
 * pages, actions and route handlers use (`path` is a path of the system's own, e.g. "/admin").
 */
export function systemSession(config: SessionConfig, publicUrl: string) {
  return {
    /** The signed-in visitor of the current page or action, or null. */
    getSession: () => currentSession(config),
    /** The caller of a route handler (cookie or bearer token), or null. */
    getRequestSession: (request: Request) => requestSession(request, config),
    /** store's sign-in page, coming back to `path` of this system afterwards. */
    signInFor: (path: string) => signInUrl(config.issuer, `${publicUrl}${path}`),
    /** Gate of a back-office page (see `requireAdminPage`), coming back to `path`. */
    requireAdminPage: (path: string) => requireAdminPage(config, `${publicUrl}${path}`),
  };
}
