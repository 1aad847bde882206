/** A refused sign-in or sign-up as the JSON API answers it: 429/503, `Retry-After`, the error JSON. */
import type { Refusal } from "@/auth/sign-in-guard";

/** "Try again in …" for a `Retry-After` in seconds: seconds up to a minute, whole minutes above. */
export const waitText = (s: number) =>
  s <= 60 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minutes`;

export function refusalResponse(refusal: Refusal): Response {
  return Response.json(
    { error: refusal.message, issues: [] },
    {
      status: refusal.status,
      headers: { "retry-after": String(refusal.retryAfterS), "cache-control": "no-store" },
    },
  );
}
