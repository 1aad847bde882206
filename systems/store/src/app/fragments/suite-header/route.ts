/**
 * GET /fragments/suite-header?current=catalog|music|store → the suite header as an HTML fragment
 * (who is signed in, the cart count), for the front door to include into every system's pages
 * (SSI, docs/decisions/0020-front-door.md). The gateway passes the visitor's cookies and the page's
 * path (`X-Suite-Page`); links are the front door's paths. Personal: never stored anywhere.
 */

import { suiteHeaderHtml } from "@scs/ui/suite-header-html";
import { isAdmin } from "@scs/web/session";
import { z } from "zod";
import { requestShopper } from "@/auth/cart-cookie";
import { getRequestSession } from "@/auth/session";
import { getDb } from "@/db/client";
import { cartCount } from "@/domain/cart";
import { env } from "@/env";

export const dynamic = "force-dynamic";

/** Where each system is on the front door (tools/suite/src/gateway.mjs PREFIXES). */
const FRONT_DOOR_PATHS = { catalog: "/catalog", music: "/music", store: "/store" } as const;

const querySchema = z.object({ current: z.enum(["catalog", "music", "store"]).default("store") });
/** The page's path on the front door: one of its own, never another host (`//evil`). */
const pageSchema = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])/)
  .catch("/");

const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" };

export async function GET(request: Request) {
  const url = new URL(request.url);
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    return new Response("current must be catalog, music or store", {
      status: 400,
      headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
    });
  }
  const page = pageSchema.parse(request.headers.get("x-suite-page") ?? "/");
  const [session, shopper] = await Promise.all([getRequestSession(request), requestShopper(request)]);
  const html = suiteHeaderHtml({
    current: query.data.current,
    urls: FRONT_DOOR_PATHS,
    user: session && { name: session.name, isAdmin: isAdmin(session) },
    returnTo: env.FRONT_DOOR_URL ? `${env.FRONT_DOOR_URL}${page}` : page,
    cartCount: cartCount(getDb(), shopper),
  });
  return new Response(html, { headers });
}
