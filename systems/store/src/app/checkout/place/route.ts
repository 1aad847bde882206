/**
 * POST /checkout/place: the checkout page's "Place order" button. Orders the signed-in customer's
 * cart at the prices of this moment (order, lines and `store.order.placed` in one transaction,
 * cart emptied), then 303 to the order page. Only from store's own pages (403 otherwise).
 */
import { apiRoute } from "@scs/web/api";
import { z } from "zod";
import { customerIdOf } from "@/auth/customer";
import { fromStore } from "@/auth/origin";
import { getRequestSession } from "@/auth/session";
import { getDb } from "@/db/client";
import { checkoutCart } from "@/domain/orders";
import { env } from "@/env";
import { readForm, refuse, seeOther } from "@/lib/form";

export const dynamic = "force-dynamic";

const schema = z.object({
  expectedTotalCents: z.coerce.number().int().nonnegative().optional().catch(undefined),
});

export const POST = apiRoute("/checkout/place", async (request) => {
  if (!fromStore(request)) return refuse(403, "Orders can be placed only from the store's checkout page.");
  const customerId = customerIdOf(await getRequestSession(request));
  if (!customerId) return seeOther(`/signin?returnTo=${encodeURIComponent(`${env.STORE_URL}/checkout`)}`);
  const { expectedTotalCents } = schema.parse(await readForm(request));
  const result = checkoutCart(getDb(), customerId, expectedTotalCents);
  if (result.ok) return seeOther(`/orders/${result.order.id}?placed=1`);
  if (result.reason === "empty") return seeOther("/cart");
  return seeOther(`/checkout?problem=${result.reason}`);
});
