import { redirect } from "next/navigation";
import { getSession, isAdmin, type Session, signInFor } from "./session";

/**
 * For /admin pages: a signed-out visitor goes to store's sign-in and comes back to `path`;
 * returns the session for an administrator, null for anyone else (the page shows a 403).
 */
export async function adminPageSession(path: string): Promise<Session | null> {
  const session = await getSession();
  if (!session) redirect(signInFor(path));
  return isAdmin(session) ? session : null;
}
