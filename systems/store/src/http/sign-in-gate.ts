/**
 * One attempt at a time per client at the doors that hash a password (sign-in and sign-up, their
 * APIs and their forms' posts), refused before Next.js sees the request.
 *
 * Why before Next.js: a refused attempt costs store almost nothing in its own code (a bucket or
 * the hashing queue says no), but Next.js spends ~5–10 ms of the one JavaScript thread on every
 * request it routes (proxy, request and body streams, the route). A flood of 200 concurrent
 * attempts from one client thus took 1–2 s of CPU — which a real user's sign-in, arriving in the
 * middle, waited for. Here each concurrent extra attempt is answered 429 by plain node:http in
 * microseconds (docs/decisions/0014-sign-in-limits-and-hashing.md).
 *
 * Who is a client: a device that proved itself (a valid `scs_device` cookie, src/auth/device-cookie.ts;
 * only store's signature is checked here, the account binding later) or else the address
 * (src/http/client-address.ts). So a flooder sharing a user's address does not block the user's
 * trusted sign-in. A person signs in once at a time; two tabs submitting at the same instant get
 * "try again in a second".
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { NON_PAGE_CSP, setSecurityHeaders } from "@scs/web/edge";
import { DEVICE_COOKIE, deviceKey, deviceOf } from "@/auth/device-cookie";
import { env } from "@/env";
import { clientAddress, PEER_HEADER } from "./client-address";
import { cookieFrom } from "./cookies";

/** The paths whose POSTs hash a password: the JSON APIs and the pages whose forms post actions. */
const DOORS = new Set(["/api/session", "/api/accounts", "/signin", "/signup"]);

/** The door a request knocks at, or null (decoded as Next.js routes it; a bad encoding is not ours). */
export function doorOf(method: string | undefined, url: string | undefined): string | null {
  if (method !== "POST" || !url) return null;
  const raw = url.split("?", 1)[0] ?? "";
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  path = path.replace(/\/+$/, "") || "/";
  return DOORS.has(path) ? path : null;
}

/** Keys with an attempt in progress. */
const inFlight = new Set<string>();

/** The client key of a request at a door: its trusted device, else its address. */
export function gateKeyOf(headers: IncomingMessage["headers"], key: Buffer): string {
  const device = deviceOf(key, cookieFrom(headers.cookie, DEVICE_COOKIE));
  if (device) return `device ${device.id}`;
  const forwarded = headers["x-forwarded-for"];
  const view = new Headers();
  view.set(PEER_HEADER, String(headers[PEER_HEADER] ?? ""));
  if (forwarded) view.set("x-forwarded-for", Array.isArray(forwarded) ? forwarded.join(",") : forwarded);
  return `address ${clientAddress(view, env.TRUSTED_PROXY_ADDRESSES)}`;
}

// "Too many …" like every other refusal of sign-in; "in progress" tells this one apart.
const MESSAGE =
  "Too many sign-in attempts at once from your address: one is in progress. Try again in a second.";

function refuse(door: string, response: ServerResponse): void {
  const headers = new Headers();
  setSecurityHeaders(headers, NON_PAGE_CSP, env.STORE_URL.startsWith("https:"));
  headers.set("retry-after", "1");
  headers.set("cache-control", "no-store");
  let body: string;
  if (door.startsWith("/api/")) {
    headers.set("content-type", "application/json");
    body = JSON.stringify({ error: MESSAGE, issues: [] });
  } else {
    // A form posted without JavaScript lands here; with JavaScript the form is busy meanwhile.
    headers.set("content-type", "text/html; charset=utf-8");
    body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Try again</title><p>${MESSAGE}</p><p><a href="${door}">Back</a></p></html>`;
  }
  response.writeHead(429, Object.fromEntries(headers));
  response.end(body);
}

/**
 * Screens a request before Next.js handles it (installed by instrumentation.ts): true to pass it
 * on, false when it was answered here (429). The key is released when the response is done.
 */
export function screenSignInRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const door = doorOf(request.method, request.url);
  if (!door) return true;
  const key = gateKeyOf(request.headers, deviceKey());
  if (inFlight.has(key)) {
    refuse(door, response);
    return false;
  }
  inFlight.add(key);
  response.once("close", () => inFlight.delete(key));
  return true;
}
