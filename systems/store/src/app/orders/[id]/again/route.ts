/**
 * POST /orders/{id}/again: the order page's "Put these items back in your cart" button, shown on a
 * rejected order (catalog had too little stock, or did not answer in time). The order's lines go
 * back into the customer's cart (what is still on sale), then 303 to the cart with a note, from
 * where the customer checks out again. Only from store's own pages (403 otherwise).
 */
import { apiRoute } from "@scs/web/api";
import { customerIdOf } from "@/auth/customer";
import { fromStore } from "@/auth/origin";
import { getRequestSession } from "@/auth/session";
import { getDb } from "@/db/client";
import { orderAgain } from "@/domain/orders";
import { env } from "@/env";
import { readForm, refuse, seeOther, withParams } from "@/lib/form";
import { segment } from "@/lib/path-param";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ params: Promise<{ id: string }> }>(
  "/orders/[id]/again",
  async (request, { params }) => {
    if (!fromStore(request))
      return refuse(403, "Orders can be placed again only from the store's order page.");
    const { id: rawId } = await params;
    const id = segment(rawId).slice(0, 100);
    const customerId = customerIdOf(await getRequestSession(request));
    if (!customerId) {
      return seeOther(
        `/signin?returnTo=${encodeURIComponent(`${env.STORE_URL}/orders/${encodeURIComponent(id)}`)}`,
      );
    }
    await readForm(request); // a form post without fields; its size and type are checked all the same
    const result = orderAgain(getDb(), customerId, id);
    if (!result) return refuse(404, "No such order.");
    const note: Record<string, string> = { again: String(result.added) };
    if (result.leftOut.length > 0) note.cartError = `Left out: ${result.leftOut.join("; ")}.`.slice(0, 300);
    return seeOther(withParams("/cart", env.STORE_URL, note));
  },
);
