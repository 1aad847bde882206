/**
 * POST /cart/update: the cart page's forms. Fields: source, itemId, and either quantity (1–99)
 * or intent=remove. Only from store's own pages (403 otherwise); answers 303 to /cart.
 */
import { apiRoute } from "@scs/web/api";
import { z } from "zod";
import { requestShopper } from "@/auth/cart-cookie";
import { fromStore } from "@/auth/origin";
import { getDb } from "@/db/client";
import { offerSources } from "@/db/schema";
import { changeCartItem, itemIdSchema, quantitySchema, resolveCartId } from "@/domain/cart";
import { readForm, refuse, seeOther } from "@/lib/form";

export const dynamic = "force-dynamic";

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("remove"),
    source: z.enum(offerSources),
    itemId: itemIdSchema,
  }),
  z.object({
    intent: z.literal("update"),
    source: z.enum(offerSources),
    itemId: itemIdSchema,
    quantity: quantitySchema,
  }),
]);

export const POST = apiRoute("/cart/update", async (request) => {
  if (!fromStore(request)) return refuse(403, "The cart can be changed only from the store's cart page.");
  const fields = await readForm(request);
  const parsed = schema.safeParse({ intent: "update", ...fields });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "That change could not be made.";
    return seeOther(`/cart?cartError=${encodeURIComponent(message)}`);
  }
  const input = parsed.data;
  const db = getDb();
  const cartId = resolveCartId(db, await requestShopper(request));
  const quantity = input.intent === "remove" ? 0 : input.quantity;
  const changed = cartId !== null && changeCartItem(db, cartId, { ...input, quantity });
  if (!changed)
    return seeOther(`/cart?cartError=${encodeURIComponent("That item is no longer in your cart.")}`);
  const note = input.intent === "remove" ? "removed" : "updated";
  return seeOther(`/cart?${note}=${encodeURIComponent(`${input.source}:${input.itemId}`)}`);
});
