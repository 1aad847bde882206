/**
 * Where a form post comes from: the `Origin` header, or (if a browser left it out) the origin of
 * the `Referer`. Posts that change a cart are accepted only from the suite's own origins.
 */
import { suiteOrigins } from "@scs/web/suite-env";
import { env } from "@/env";

export function requestOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (origin) return origin === "null" ? null : origin;
  const referer = request.headers.get("referer");
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** True when the request comes from one of the suite's shops (catalog, music or store). */
export const fromSuite = (request: Request) => {
  const origin = requestOrigin(request);
  return origin !== null && suiteOrigins(env).includes(origin);
};

/**
 * True when the request comes from store's own pages: on its own origin, or on the front door's,
 * where store's pages are served under /store/ (docs/decisions/0020-front-door.md). The door's one
 * origin also serves catalog's and music's pages; both are the suite's own, as for `fromSuite`.
 */
export const fromStore = (request: Request) => {
  const origin = requestOrigin(request);
  return (
    origin !== null &&
    (origin === new URL(env.STORE_URL).origin ||
      (env.FRONT_DOOR_URL !== undefined && origin === new URL(env.FRONT_DOOR_URL).origin))
  );
};

/** The CORS origin to allow for a request: its Origin when that is a suite origin, else null. */
export function corsOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  return origin && suiteOrigins(env).includes(origin) ? origin : null;
}
