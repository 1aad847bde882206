/** Sessions are verified locally with store's public key: catalog never calls store for them. */
import { currentSession, requestSession } from "@scs/web/next-session";
import { isAdmin, type Session, signInUrl } from "@scs/web/session";
import { getDb } from "@/db/client";
import { customerAccountState } from "@/db/queries/customers";
import { env } from "@/env";

/**
 * Checked against catalog's own copy of the account (`store.customer.upserted`): a session issued
 * before its "sessions valid after" instant is signed out, and its roles are never more than the
 * copy's — with no call to store.
 */
export const sessionConfig = {
  publicJwk: env.SESSION_PUBLIC_JWK,
  issuer: env.STORE_URL,
  accountState: (id: string) => customerAccountState(getDb(), id),
};

export { isAdmin, type Session };

/** The signed-in visitor of the current page or action, or null. */
export const getSession = () => currentSession(sessionConfig);

/** The caller of a route handler (cookie or bearer token), or null. */
export const getRequestSession = (request: Request) => requestSession(request, sessionConfig);

/** store's sign-in page, coming back to `path` of catalog afterwards. */
export const signInFor = (path: string) => signInUrl(env.STORE_URL, `${env.CATALOG_URL}${path}`);
