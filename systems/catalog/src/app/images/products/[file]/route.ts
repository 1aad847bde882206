/**
 * GET /images/products/{id}.svg: the product's generated illustration. Deterministic per product,
 * so it is cached by browsers and proxies and revalidated with its ETag.
 */
import { createHash } from "node:crypto";
import { apiRoute, jsonError } from "@scs/web/api";
import { NON_PAGE_CSP } from "@scs/web/edge";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { productImageSvg } from "@/domain/product-image";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ file: string }> };

export const GET = apiRoute<Context>("/images/products/[id].svg", async (request, { params }) => {
  const { file } = await params;
  const id = file.endsWith(".svg") ? file.slice(0, -4) : null;
  // Removed products keep their picture: carts and order histories elsewhere may still show it.
  const row = id ? findProduct(getDb(), id, { includeRemoved: true }) : undefined;
  if (!row) return jsonError(404, "No such image");
  const svg = productImageSvg(row);
  const etag = `"${createHash("sha1").update(svg).digest("base64url")}"`;
  const headers = {
    "content-type": "image/svg+xml; charset=utf-8",
    "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
    etag,
    "x-content-type-options": "nosniff",
    // The edge's policy for everything that is not a page (proxy.ts sends it too; this one wins).
    "content-security-policy": NON_PAGE_CSP,
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(svg, { headers });
});
