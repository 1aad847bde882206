/**
 * POST /api/session {email,password} → 200 {token} and the `scs_session` cookie; 401 with one
 * message whether or not the email exists; a visitor cart (cookie) is merged into the customer's.
 * DELETE /api/session → 204, cookie cleared.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { CART_COOKIE, cartSetCookie, requestCookie } from "@/auth/cart-cookie";
import { issueSessionToken, sessionSetCookie } from "@/auth/session";
import { getDb } from "@/db/client";
import { authenticate, credentialsSchema } from "@/domain/accounts";
import { cartIdFrom, mergeVisitorCart } from "@/domain/cart";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/session", async (request) => {
  const credentials = await readJson(request, credentialsSchema);
  const account = await authenticate(getDb(), credentials);
  if (!account) throw new ApiError(401, "Email or password is incorrect");
  const token = await issueSessionToken(account);
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", sessionSetCookie(token));
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
