/**
 * POST /cart/items: the suite's "Add to cart" form (catalog's product pages, music's album pages,
 * store's offer pages). Fields: source, itemId, quantity (1–99, default 1), returnTo.
 *
 * - Only from the suite's own origins (Origin, else Referer): anything else gets 403.
 * - The item must be one store offers and that is available; otherwise the visitor is sent back
 *   with `?cartError=<message>`.
 * - Added: 303 to `returnTo` with `?added=<itemId>` (or to /cart when returnTo is not a suite URL).
 * A visitor without a cart gets one (the `scs_cart` cookie); a signed-in customer's cart is theirs.
 */
import { apiRoute } from "@scs/web/api";
import { cartSetCookie, requestShopper } from "@/auth/cart-cookie";
import { fromSuite } from "@/auth/origin";
import { suiteReturnTo } from "@/auth/return-to";
import { getDb } from "@/db/client";
import { addToCart, addToCartFormSchema } from "@/domain/cart";
import { env } from "@/env";
import { readForm, refuse, seeOther, withParams } from "@/lib/form";

export const dynamic = "force-dynamic";

const FEEDBACK = ["added", "cartError"] as const;

export const POST = apiRoute("/cart/items", async (request) => {
  if (!fromSuite(request)) {
    return refuse(403, "Items can be added to the cart only from the Suite's own shops.");
  }
  const fields = await readForm(request);
  const back = suiteReturnTo(fields.returnTo, "/cart");
  const parsed = addToCartFormSchema.safeParse(fields);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "That item could not be added.";
    return seeOther(withParams(back, env.STORE_URL, { cartError: message }, FEEDBACK));
  }
  const { source, itemId, quantity } = parsed.data;
  const result = addToCart(getDb(), await requestShopper(request), { source, itemId, quantity });
  if (!result.ok) {
    return seeOther(withParams(back, env.STORE_URL, { cartError: result.message }, FEEDBACK));
  }
  const location = back === "/cart" ? "/cart" : back;
  return seeOther(
    withParams(location, env.STORE_URL, { added: itemId }, FEEDBACK),
    result.newVisitorCartId ? [cartSetCookie(result.newVisitorCartId)] : [],
  );
});
