/** A refused sign-in or sign-up as the JSON API answers it: 429/503, `Retry-After`, the error JSON. */
import type { Refusal } from "@/auth/sign-in-guard";

export function refusalResponse(refusal: Refusal): Response {
  return Response.json(
    { error: refusal.message, issues: [] },
    {
      status: refusal.status,
      headers: { "retry-after": String(refusal.retryAfterS), "cache-control": "no-store" },
    },
  );
}
