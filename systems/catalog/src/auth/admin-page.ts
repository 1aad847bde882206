import { forbidden, redirect } from "next/navigation";
import { getSession, isAdmin, type Session, signInFor } from "./session";

/**
 * For /admin pages: a signed-out visitor goes to store's sign-in and comes back to `path`;
 * anyone signed in but not an administrator gets the 403 page (src/app/forbidden.tsx).
 */
export async function requireAdminPage(path: string): Promise<Session> {
  const session = await getSession();
  if (!session) redirect(signInFor(path));
  if (!isAdmin(session)) forbidden();
  return session;
}
