/**
 * GET /api/cart/summary → {"count": <total quantity>} for the suite header on every system's pages.
 * CORS with credentials for the suite's own origins only (the header fetches it from the browser).
 */
import { apiRoute } from "@scs/web/api";
import { requestShopper } from "@/auth/cart-cookie";
import { corsOrigin } from "@/auth/origin";
import { getDb } from "@/db/client";
import { cartCount } from "@/domain/cart";

export const dynamic = "force-dynamic";

function corsHeaders(request: Request): Headers {
  const headers = new Headers({ vary: "Origin", "cache-control": "no-store" });
  const origin = corsOrigin(request);
  if (origin) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
  }
  return headers;
}

export const GET = apiRoute("/api/cart/summary", async (request) => {
  const count = cartCount(getDb(), await requestShopper(request));
  return Response.json({ count }, { headers: corsHeaders(request) });
});

export const OPTIONS = apiRoute("/api/cart/summary", (request) => {
  const headers = corsHeaders(request);
  if (!headers.has("access-control-allow-origin")) return new Response(null, { status: 403, headers });
  headers.set("access-control-allow-methods", "GET, OPTIONS");
  headers.set("access-control-allow-headers", "content-type");
  headers.set("access-control-max-age", "600");
  return new Response(null, { status: 204, headers });
});
