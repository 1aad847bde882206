/** Glue between catalog's domain and the shared JSON API edge. */
import { ApiError } from "@scs/web/api";
import { getRequestSession, isAdmin } from "@/auth/session";
import { ProductError } from "@/domain/errors";

const statusOf = { invalid: 400, not_found: 404, conflict: 409 } as const;

/** Runs a domain operation, answering its ProductError as the matching API error. */
export function domain<R>(work: () => R): R {
  try {
    return work();
  } catch (error) {
    if (error instanceof ProductError) throw new ApiError(statusOf[error.kind], error.message, error.issues);
    throw error;
  }
}

/** 401 without a session, 403 for anyone but an administrator. */
export async function requireAdminRequest(request: Request) {
  const session = await getRequestSession(request);
  if (!session) throw new ApiError(401, "Sign in as an administrator");
  if (!isAdmin(session)) throw new ApiError(403, "Administrators only");
  return session;
}
