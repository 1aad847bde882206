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
 * A client store has just refused (429 from its limits, with `Retry-After`) is answered here for
 * that long at the same kind of door (sign-in or sign-up): a flooder keeps knocking after the
 * refusal, and each knock that reached Next.js cost ~5–10 ms of the one thread, all of it spent
 * to say 429 again. The gate says it in microseconds instead.
 *
 * Who is a client: a device that proved itself (a valid `scs_device` cookie, src/auth/device-cookie.ts;
 * only store's signature is checked here, the account binding later) or else the address
 * (src/lib/client-address.ts). So a flooder sharing a user's address does not block the user's
 * trusted sign-in. A person signs in once at a time; two tabs submitting at the same instant get
 * "try again in a second".
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { NON_PAGE_CSP, setSecurityHeaders } from "@scs/web/edge";
import { DEVICE_COOKIE, deviceKey, deviceOf } from "@/auth/device-cookie";
import { env } from "@/env";
import { clientAddress, PEER_HEADER } from "./client-address";
import { cookieFrom } from "./cookies";
import { waitText } from "./refusal";

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

/** `kind client` → until when (epoch ms) store's last refusal of that client holds. */
const refusedUntil = new Map<string, number>();
/** Past this many clients refused at once, expired entries are dropped (the map stays bounded). */
const MAX_REFUSED = 10_000;

/** Sign-in and sign-up have limits of their own: a refusal at one does not close the other. */
const kindOf = (door: string) => (door === "/api/accounts" || door === "/signup" ? "sign-up" : "sign-in");

function rememberRefusal(entry: string, response: ServerResponse): void {
  if (response.statusCode !== 429) return;
  const seconds = Number(response.getHeader("retry-after"));
  if (!Number.isFinite(seconds) || seconds <= 0) return;
  if (refusedUntil.size >= MAX_REFUSED) {
    const now = Date.now();
    for (const [key, until] of refusedUntil) if (until <= now) refusedUntil.delete(key);
    if (refusedUntil.size >= MAX_REFUSED) return; // a flood of addresses: each still meets the limits
  }
  refusedUntil.set(entry, Date.now() + seconds * 1000);
}

/** Seconds left of store's last refusal of this client at this kind of door, or 0. */
function refusalLeft(entry: string): number {
  const until = refusedUntil.get(entry);
  if (until === undefined) return 0;
  const left = until - Date.now();
  if (left > 0) return Math.ceil(left / 1000);
  refusedUntil.delete(entry);
  return 0;
}

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
const IN_PROGRESS =
  "Too many sign-in attempts at once from your address: one is in progress. Try again in a second.";
const stillRefused = (seconds: number) =>
  `Too many attempts: your last one was refused. Try again in ${waitText(seconds)}.`;

function refuse(door: string, response: ServerResponse, retryAfterS: number, message: string): void {
  const headers = new Headers();
  setSecurityHeaders(headers, NON_PAGE_CSP, env.STORE_URL.startsWith("https:"));
  headers.set("retry-after", String(retryAfterS));
  headers.set("cache-control", "no-store");
  let body: string;
  if (door.startsWith("/api/")) {
    headers.set("content-type", "application/json");
    body = JSON.stringify({ error: message, issues: [] });
  } else {
    // A form posted without JavaScript lands here; with JavaScript the form is busy meanwhile.
    headers.set("content-type", "text/html; charset=utf-8");
    body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Try again</title><p>${message}</p><p><a href="${door}">Back</a></p></html>`;
  }
  response.writeHead(429, Object.fromEntries(headers));
  response.end(body);
}

/**
 * Screens a request before Next.js handles it (installed by instrumentation.ts): true to pass it
 * on, false when it was answered here (429). The key is released when the response is done, and
 * a 429 of store's limits closes this kind of door to the client for its `Retry-After`.
 */
export function screenSignInRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const door = doorOf(request.method, request.url);
  if (!door) return true;
  const key = gateKeyOf(request.headers, deviceKey());
  const entry = `${kindOf(door)} ${key}`;
  const left = refusalLeft(entry);
  if (left > 0) {
    refuse(door, response, left, stillRefused(left));
    return false;
  }
  if (inFlight.has(key)) {
    refuse(door, response, 1, IN_PROGRESS);
    return false;
  }
  inFlight.add(key);
  response.once("close", () => {
    inFlight.delete(key);
    rememberRefusal(entry, response);
  });
  return true;
}
