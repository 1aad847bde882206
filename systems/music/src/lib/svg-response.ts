/**
 * Answers a generated SVG with caching: the image depends only on the record's id and version,
 * so the ETag is that pair and browsers revalidate cheaply after the cache time.
 */
import { NON_PAGE_CSP } from "@scs/web/edge";

export function svgResponse(request: Request, svg: string, etag: string): Response {
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
}

/** "abc.svg" → "abc"; anything else → undefined. */
export const idFromSvgFile = (file: string) => {
  const match = /^([\w-]{1,100})\.svg$/.exec(file);
  return match?.[1];
};
