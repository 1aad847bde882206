/**
 * The HTTP edge every system's `src/proxy.ts` runs before its pages and route handlers:
 *
 * - A path whose percent-encoding cannot be decoded (`/products/%E0`) is answered 400 here — JSON
 *   under `/api/`, a small page elsewhere — because Next.js fails to decode such a dynamic segment
 *   and answers 500.
 * - Security headers on every response: a Content-Security-Policy (a fresh nonce per page request
 *   for `script-src`, which Next.js reads from the request's CSP header and puts on its own
 *   scripts; see docs/decisions/0015-security-headers-and-csp.md), `frame-ancestors 'none'`,
 *   `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, `Referrer-Policy`,
 *   `Permissions-Policy`, and HSTS when the system is served over https.
 * - Pages get the requested path in a request header (`PATH_HEADER`, read with `pagePath`: the
 *   suite header's "come back here" links); it is always overwritten, never trusted from outside.
 */
import { NextResponse } from "next/server";

export interface EdgeOptions {
  /** The suite's own origins (catalog, music, store): images, the cart count, forms and returns. */
  origins: readonly string[];
  /** This system's public URL (its `*_URL`); HSTS is sent when it is https. */
  publicUrl: string;
  /**
   * Path prefixes that are never HTML pages (JSON APIs, generated images and audio): they get a
   * CSP that allows nothing to run, and no nonce.
   */
  nonPagePrefixes?: readonly string[];
  /** `next dev` needs `'unsafe-eval'` (React's dev tools) and websockets (hot reload). */
  development?: boolean;
}

/** Request header that carries the page's path and query from the edge to server components. */
export const PATH_HEADER = "x-scs-path";

/** The path and query of the page being rendered, as the edge set it ("/" when there is none). */
export function pagePath(requestHeaders: Headers): string {
  const path = requestHeaders.get(PATH_HEADER) ?? "/";
  return path.startsWith("/") ? path : "/";
}

interface EdgeRequest {
  headers: Headers;
  nextUrl: { pathname: string; search: string; protocol: string };
}

/** True when every `%XX` in the path decodes to valid UTF-8. */
export function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The policy of an HTML page: scripts only with this request's nonce (and what they load). */
export function pageCsp(
  nonce: string,
  { origins, development = false }: Pick<EdgeOptions, "origins" | "development">,
) {
  const suite = [...new Set(origins)].join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React writes `style` attributes (a cover's colour, a progress bar's fill).
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob: ${suite}`,
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self' ${suite}${development ? " ws: wss:" : ""}`,
    // The suite's forms post across systems (add to cart) and sign-in redirects to them.
    `form-action 'self' ${suite}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The policy of everything that is not a page (JSON, SVG, WAV, CSV): nothing runs, nothing frames it. */
export const NON_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/** Sets the headers every response of the suite carries (the CSP is the caller's). */
export function setSecurityHeaders(headers: Headers, csp: string, https: boolean): void {
  headers.set("content-security-policy", csp);
  headers.set("x-frame-options", "DENY");
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
  headers.set("permissions-policy", PERMISSIONS_POLICY);
  // Browsers ignore HSTS received over plain http; sending it there would only mislead.
  if (https) headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** 400 for a path that cannot be decoded: JSON under /api/, a small page elsewhere. */
export function malformedPathResponse(pathname: string): Response {
  if (pathname.startsWith("/api/")) {
    return Response.json({ error: "Malformed percent-encoding in the path", issues: [] }, { status: 400 });
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Malformed address</title></head>
<body><h1>Malformed address</h1>
<p>The address ${escapeHtml(pathname.slice(0, 200))} contains percent-encoding that is not valid UTF-8, so it names no page.</p>
<p><a href="/">Go to the start page</a></p></body></html>
`;
  return new Response(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

const isHttps = (request: EdgeRequest, publicUrl: string) =>
  publicUrl.startsWith("https:") || request.nextUrl.protocol === "https:";

/** The whole edge: call it from the system's `proxy(request)`. */
export function edge(request: EdgeRequest, options: EdgeOptions): Response {
  const { pathname, search } = request.nextUrl;
  const https = isHttps(request, options.publicUrl);
  if (!decodablePath(pathname)) {
    const response = malformedPathResponse(pathname);
    setSecurityHeaders(response.headers, NON_PAGE_CSP, https);
    return response;
  }
  const nonPage = ["/api/", ...(options.nonPagePrefixes ?? [])].some((prefix) => pathname.startsWith(prefix));
  if (nonPage) {
    const response = NextResponse.next();
    setSecurityHeaders(response.headers, NON_PAGE_CSP, https);
    return response;
  }
  const csp = pageCsp(newNonce(), options);
  const requestHeaders = new Headers(request.headers);
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set(PATH_HEADER, `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  setSecurityHeaders(response.headers, csp, https);
  return response;
}
