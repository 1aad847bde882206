/**
 * POST /api/session {email,password} → 200 {token}, the `scs_session` cookie and a device cookie
 * (`scs_device`: this client's later sign-ins to the account are trusted); 401 with one
 * message whether or not the email exists; 429 with `Retry-After` when the client or the account
 * is over its limit of failed attempts, 503 with `Retry-After` when the hashing queue is full
 * (src/auth/sign-in-guard.ts); a visitor cart (cookie) is merged into the customer's.
 * DELETE /api/session → 204, cookie cleared.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { CART_COOKIE, cartSetCookie, requestCookie } from "@/auth/cart-cookie";
import { DEVICE_COOKIE, deviceSetCookie } from "@/auth/device-cookie";
import { issueSessionToken, sessionSetCookie } from "@/auth/session";
import { clientOf, guardedSignIn } from "@/auth/sign-in-guard";
import { getDb } from "@/db/client";
import { credentialsSchema } from "@/domain/accounts";
import { cartIdFrom, mergeVisitorCart } from "@/domain/cart";
import { refusalResponse } from "@/lib/refusal";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/session", async (request) => {
  const credentials = await readJson(request, credentialsSchema);
  const outcome = await guardedSignIn(
    clientOf(request.headers),
    credentials,
    requestCookie(request, DEVICE_COOKIE),
  );
  if (!outcome.ok && outcome.refusal) return refusalResponse(outcome.refusal);
  if (!outcome.ok) throw new ApiError(401, "Email or password is incorrect");
  const { account } = outcome;
  const token = await issueSessionToken(account);
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", sessionSetCookie(token));
  headers.append("set-cookie", deviceSetCookie(outcome.deviceToken));
  // A visitor's cart joins the customer's cart at sign-in, as with the sign-in page.
  const visitorCartId = cartIdFrom(requestCookie(request, CART_COOKIE));
  if (visitorCartId && account.roles.includes("customer")) {
    const db = getDb();
    db.transaction((tx) => mergeVisitorCart(tx, visitorCartId, account.id), { behavior: "immediate" });
    headers.append("set-cookie", cartSetCookie(null));
  }
  return Response.json({ token }, { headers });
});

export const DELETE = apiRoute(
  "/api/session",
  () => new Response(null, { status: 204, headers: { "set-cookie": sessionSetCookie(null) } }),
);
