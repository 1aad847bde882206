/** Sessions are verified locally with store's public key: catalog never calls store for them. */
import { systemSession } from "@scs/web/next-session";
import { isAdmin, type Session } from "@scs/web/session";
import { getDb } from "@/db/client";
import { customerAccountState } from "@/db/queries/customers";
import { env } from "@/env";

/**
 * Checked against catalog's own copy of the account (`store.customer.upserted`): a session issued
 * before its "sessions valid after" instant is signed out, and its roles are never more than the
 * copy's — with no call to store.
 */
const sessionConfig = {
  publicJwk: env.SESSION_PUBLIC_JWK,
  issuer: env.STORE_URL,
  accountState: (id: string) => customerAccountState(getDb(), id),
};

export { isAdmin, type Session };

export const { getSession, getRequestSession, signInFor, requireAdminPage } = systemSession(
  sessionConfig,
  env.CATALOG_URL,
);
