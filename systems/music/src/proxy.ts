/**
 * Runs before every page and API route (the suite's shared edge, `@scs/web/edge`): a path with
 * malformed percent-encoding is answered 400, every response gets the security headers and pages
 * a CSP nonce, and pages get the requested path in a header (the root layout needs the page's own
 * URL for the suite header's sign-in link). The header is always overwritten, never trusted.
 */
import { PageCache, sqliteVersion } from "@scs/web/page-cache";
import { suiteOrigins } from "@scs/web/suite-env";
import type { NextRequest } from "next/server";
import { getDb } from "./db/client";
import { env } from "./env";
import { PATH_HEADER } from "./request-path";

const options = {
  origins: suiteOrigins(env),
  publicUrl: env.MUSIC_URL,
  pathHeader: PATH_HEADER,
  nonPagePrefixes: ["/images/", "/audio/"],
  development: process.env.NODE_ENV === "development",
};

let version: (() => string) | undefined;

/** The public pages, rendered again when the database has changed (docs/decisions/0022-page-cache.md). */
const pages = new PageCache({
  pages: [/^\/$/, /^\/albums$/, /^\/albums\/[^/]+$/, /^\/artists$/, /^\/artists\/[^/]+$/],
  version: () => {
    version ??= sqliteVersion(getDb().$client);
    return version();
  },
});

export function proxy(request: NextRequest) {
  return pages.handle(request, options);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
