import { ApiError } from "@scs/web/api";
import { ConflictError, NotFoundError } from "@/domain/errors";

/** Runs a domain operation for the JSON API: a missing album is a 404, a stale version a 409. */
export function asApi<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof NotFoundError) throw new ApiError(404, error.message);
    if (error instanceof ConflictError) throw new ApiError(409, error.message);
    throw error;
  }
}
