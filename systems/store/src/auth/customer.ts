/**
 * The customer behind a session. A valid token is not enough to shop: its account must exist in
 * store's database (a token can outlive an account, e.g. after the database was reset).
 */
import { ApiError } from "@scs/web/api";
import type { Session } from "@scs/web/session";
import { getDb } from "@/db/client";
import { findAccountById } from "@/db/queries/accounts";
import { getRequestSession } from "./session";

/** The account id of a session that belongs to a known customer, else null. */
export function customerIdOf(session: Session | null): string | null {
  if (!session?.roles.includes("customer")) return null;
  return findAccountById(getDb(), session.sub) ? session.sub : null;
}

/** The signed-in customer of a JSON API request: 401 when signed out, 403 without the customer role. */
export async function requireCustomer(request: Request): Promise<Session> {
  const session = await getRequestSession(request);
  if (!session || !findAccountById(getDb(), session.sub))
    throw new ApiError(401, "Sign in to see and place orders");
  if (!session.roles.includes("customer")) throw new ApiError(403, "Only customer accounts can place orders");
  return session;
}
