/**
 * Where to go after signing in or out. Only the suite's own origins are honoured: anything else
 * (another site, `javascript:`, protocol-relative `//evil`, malformed input) falls back to `/`,
 * so the sign-in page cannot be used as an open redirect.
 */
export function safeReturnTo(value: unknown, allowedOrigins: readonly string[], fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // A path on store itself (but not `//host` or `/\host`, which browsers treat as another origin).
  if (value.startsWith("/")) return /^\/[/\\]/.test(value) ? fallback : value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fallback;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return fallback;
  if (url.username || url.password) return fallback;
  return allowedOrigins.includes(url.origin) ? url.href : fallback;
}
