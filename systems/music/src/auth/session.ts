/**
 * The suite session as music reads it: store's JWT, verified locally with store's public key.
 * Pages and actions use `getSession`, route handlers `requireApiAdmin`, /admin pages `requireAdminPage`.
 */
import { ApiError } from "@scs/web/api";
import { systemSession } from "@scs/web/next-session";
import { isAdmin, type Session } from "@scs/web/session";
import { getDb } from "@/db/client";
import { customerAccountState } from "@/db/queries/customers";
import { env } from "@/env";

export { isAdmin, type Session };

/**
 * Checked against music's own copy of the account (`store.customer.upserted`): a session issued
 * before its "sessions valid after" instant is signed out, and its roles are never more than the
 * copy's — with no call to store.
 */
const sessionConfig = {
  publicJwk: env.SESSION_PUBLIC_JWK,
  issuer: env.STORE_URL,
  accountState: (id: string) => customerAccountState(getDb(), id),
};

export const { getSession, getRequestSession, requireAdminPage } = systemSession(
  sessionConfig,
  env.MUSIC_URL,
);

/** The absolute URL of a path of music's, as store's sign-in sends the visitor back to it. */
export const musicUrl = (path: string) => `${env.MUSIC_URL}${path}`;

/** Admin JSON API: 401 without a session, 403 for a customer. */
export async function requireApiAdmin(request: Request): Promise<Session> {
  const session = await getRequestSession(request);
  if (!session) throw new ApiError(401, "Sign in as an administrator to change albums");
  if (!isAdmin(session)) throw new ApiError(403, "Only administrators may change albums");
  return session;
}

/** Customer JSON API (library): 401 without a session. */
export async function requireApiSession(request: Request, action: string): Promise<Session> {
  const session = await getRequestSession(request);
  if (!session) throw new ApiError(401, `Sign in to ${action}`);
  return session;
}

/** Whether the request comes from an administrator (who also sees unpublished albums). */
export async function isAdminRequest(request: Request): Promise<boolean> {
  return isAdmin(await getRequestSession(request));
}
