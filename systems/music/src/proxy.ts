/**
 * Runs before every page and API route (the suite's shared edge, `@scs/web/edge`, behind the page
 * cache of `@scs/web/page-cache`): a path with malformed percent-encoding is answered 400, every
 * response gets the security headers and pages a CSP nonce, and pages get their path in a header
 * (the suite header's "come back here" links). The header is always overwritten, never trusted.
 */
import { systemProxy } from "@scs/web/page-cache";
import { suiteOrigins } from "@scs/web/suite-env";
import type { NextRequest } from "next/server";
import { getDb } from "./db/client";
import { env } from "./env";

/** The public pages, rendered again when the database has changed (docs/decisions/0022-page-cache.md). */
const handle = systemProxy({
  origins: suiteOrigins(env),
  publicUrl: env.MUSIC_URL,
  nonPagePrefixes: ["/images/", "/audio/"],
  pages: [/^\/$/, /^\/albums$/, /^\/albums\/[^/]+$/, /^\/artists$/, /^\/artists\/[^/]+$/],
  database: () => getDb().$client,
});

export function proxy(request: NextRequest) {
  return handle(request);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
