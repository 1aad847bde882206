/**
 * Where to go after signing in, signing up or signing out (and after adding to the cart).
 *
 * Every value is resolved as a browser would resolve it against store's own URL (WHATWG URL
 * parsing), and only the result is used — never the raw text: a browser drops tabs and line
 * breaks, turns `\` into `/` and maps unicode dots in host names, so checking the text instead of
 * the parsed URL is what let `/<TAB>/evil.example` through. The result is honoured only when its
 * origin is one of the suite's own (store, catalog, music); anything else falls back.
 *
 * Accepted: an absolute http(s) URL on a suite origin (returned as its normalized href), or a path
 * on store that starts with `/` (returned as its normalized path, never one that starts with `//`).
 * Refused: other schemes (`javascript:`, `data:`), credentials (`user@host`), other hosts and
 * ports, path-relative values (`offers`), any character outside printable ASCII (control
 * characters, spaces, unicode look-alikes — the suite's own links are always percent-encoded),
 * backslashes (also encoded in the path, as `%5c` or `%2f`), and anything longer than 2,048
 * characters.
 */
export interface ReturnToPolicy {
  /** store's own URL: what a path is resolved against. */
  self: string;
  /** The suite's origins (store's included). */
  origins: readonly string[];
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function safeReturnTo(value: unknown, policy: ReturnToPolicy, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!PRINTABLE_ASCII.test(value) || value.includes("\\")) return fallback;
  // A path on store (`/…`) or an absolute URL; a path relative to "the current page" has no meaning here.
  if (!value.startsWith("/") && !SCHEME.test(value)) return fallback;
  let self: URL;
  let url: URL;
  try {
    self = new URL(policy.self);
    url = new URL(value, self);
  } catch {
    return fallback;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return fallback;
  if (url.username !== "" || url.password !== "") return fallback;
  if (!policy.origins.includes(url.origin) && url.origin !== self.origin) return fallback;
  if (url.origin !== self.origin || SCHEME.test(value)) return url.href;
  // A path on store. Dot segments can leave `//host` behind (`/.//evil`): that is an attack, not
  // a page, and a browser would read it as another host.
  // Encoded slashes and backslashes in the path name no page of store either; a proxy or server
  // that decodes them would read `/%5cevil` as `/\evil`.
  if (url.pathname.startsWith("//") || /%(2f|5c)/i.test(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
