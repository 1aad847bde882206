/**
 * The visitor cart cookie `scs_cart`: a random cart id, HttpOnly, SameSite=Lax, 30 days. Signed-in
 * customers use the cart of their account; the visitor cart is merged into it at sign-in.
 */
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { cartIdFrom, mergeVisitorCart, type Shopper } from "@/domain/cart";
import { env } from "@/env";
import { cookieFrom } from "@/lib/cookies";
import { customerIdOf } from "./customer";
import { getRequestSession, getSession } from "./session";

export const CART_COOKIE = "scs_cart";
export const CART_TTL_SECONDS = 30 * 24 * 3600;

const secure = env.STORE_URL.startsWith("https:");

export const cartCookieOptions = {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure,
  maxAge: CART_TTL_SECONDS,
} as const;

/** `Set-Cookie` value for route handlers; null clears the cookie. */
export function cartSetCookie(cartId: string | null): string {
  const parts = [
    `${CART_COOKIE}=${cartId ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${cartId ? CART_TTL_SECONDS : 0}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** A cookie's value from a request's `Cookie` header. */
export const requestCookie = (request: Request, name: string) =>
  cookieFrom(request.headers.get("cookie"), name);

/** Who is shopping in this route handler's request (session cookie or bearer token, cart cookie). */
export async function requestShopper(request: Request): Promise<Shopper> {
  const session = await getRequestSession(request);
  return {
    customerId: customerIdOf(session),
    visitorCartId: cartIdFrom(requestCookie(request, CART_COOKIE)),
  };
}

/** Who is shopping on this page. */
export async function pageShopper(): Promise<Shopper> {
  const [session, jar] = await Promise.all([getSession(), cookies()]);
  return { customerId: customerIdOf(session), visitorCartId: cartIdFrom(jar.get(CART_COOKIE)?.value) };
}

/**
 * In a server action right after signing in: the visitor's cart joins the customer's cart and
 * the cookie is cleared.
 */
export async function adoptVisitorCart(customerId: string): Promise<void> {
  const jar = await cookies();
  const visitorCartId = cartIdFrom(jar.get(CART_COOKIE)?.value);
  if (!visitorCartId) return;
  getDb().transaction((tx) => mergeVisitorCart(tx, visitorCartId, customerId), { behavior: "immediate" });
  jar.set(CART_COOKIE, "", { ...cartCookieOptions, maxAge: 0 });
}
