/** The signed-in customer of a JSON API request: 401 when signed out, 403 without the customer role. */
import { ApiError } from "@scs/web/api";
import type { Session } from "@scs/web/session";
import { getRequestSession } from "./session";

export async function requireCustomer(request: Request): Promise<Session> {
  const session = await getRequestSession(request);
  if (!session) throw new ApiError(401, "Sign in to see and place orders");
  if (!session.roles.includes("customer")) throw new ApiError(403, "Only customer accounts can place orders");
  return session;
}
